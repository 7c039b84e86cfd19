#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actors/coordinator.hpp"
#include "learners/ensemble_config.hpp"
#include "learners/gaussian_mlp_policy.hpp"
#include "learners/policy_improver.hpp"

namespace amb::apps {

/// Everything `amb run` needs, with the defaults a run uses when a key is not given.
struct run_config {
  uint64_t seed = 1;  // every random stream of the run derives from it

  struct env_section {
    std::string name = "half_cheetah";
    int horizon = 0;          // steps per episode; 0: the task's default
    double pace_seconds = 0;  // minimum wall seconds per step (0: unpaced)
  } env;

  actors::run_budget budget{/*trajectories=*/0, /*env_steps=*/20000, /*wall_seconds=*/300};

  /// random: collectors only, acting with the initial policy; me_trpo, me_ppo: asynchronous
  /// model-based learning; trpo, ppo: the model-free baselines on the collectors' data.
  std::string algorithm = "random";

  learners::policy_config policy;  // the collectors' and the policy learner's policy

  struct collectors_section {
    int count = 1;
  } collectors;

  learners::ensemble_config model;

  learners::policy_improver_config policy_learner;
  int paths_per_step = 5;  // model-free: real trajectories per policy step

  struct buffer_section {
    uint64_t capacity_steps = 100000;  // transitions kept in the window
    uint32_t max_pull = 64;            // most trajectories per pull
  } buffer;

  struct runtime_section {
    int threads = 2;                      // CAF scheduler threads (workers have their own)
    double progress_seconds = 0.5;        // progress line refresh
    double request_timeout_seconds = 10;  // every request between actors
  } runtime;
};

/// The configuration as JSON (the defaults document, and the resolved params.json).
nlohmann::json to_json(const run_config& config);

/// Builds a run configuration: defaults, overlaid with `user` (may be null), then each
/// `--set key=value` in order; then checks the values. Throws config_error naming the key.
run_config resolve_run_config(const nlohmann::json& user, const std::vector<std::string>& sets);

}  // namespace amb::apps
