#pragma once

#include <caf/stateful_actor.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "actors/fault_injection.hpp"
#include "actors/work_gate.hpp"
#include "envs/env_options.hpp"
#include "envs/environment.hpp"
#include "learners/acting_policy.hpp"
#include "messages/interfaces.hpp"

namespace amb::actors {

struct collector_config {
  std::string name = "collector-0";  // also the trajectories' source
  std::string env = "half_cheetah";
  envs::env_options env_options;
  // What it acts with: the algorithm's acting policy, exploring (learners/registry.hpp).
  std::function<std::unique_ptr<learners::acting_policy>()> make_policy;
  uint64_t seed = 0;  // episode i is reset with seed + i
  std::chrono::duration<double> request_timeout{10.0};
  bool gated = false;  // sequential mode: collect only the episodes a gate request allows
  fault_plan fault;    // injected faults (amb run --inject collector:KIND:SECONDS)
};

struct collector_state {
  std::unique_ptr<envs::environment> env;
  std::unique_ptr<learners::acting_policy> policy;
  uint64_t policy_version = 0;
  std::mt19937_64 rng;  // exploration noise
  uint64_t episodes = 0;
  uint64_t steps_taken = 0;  // all steps so far, the current episode's included
  std::unique_ptr<fault_clock> faults;
  work_gate gate{false};
  // The episode being collected.
  std::vector<float> observations;  // [t + 1, obs_dim]
  std::vector<float> actions;       // [t, act_dim]
  std::vector<float> rewards;       // [t]
  std::chrono::steady_clock::time_point episode_start;
  static inline const char* name = "collector";
};

/// A Collector (shared/DESIGN.md): before each episode pulls θ if a newer version exists, then
/// runs the episode one step per message (so that an exit request is seen between steps even
/// when the environment is paced) and pushes it to the data buffer, waiting for the
/// acknowledgement before the next episode. Spawn it detached: stepping blocks its thread.
/// A failed request or a diverging simulation stops it with the error as exit reason.
/// Answers `stats` with the number of steps it has taken (for progress; the data buffer's counts
/// are the ones that matter).
/// After each episode it sends a progress row (return, length, policy version, steps per
/// second) to `metrics` when that is set.
caf::behavior collector(caf::stateful_actor<collector_state>* self, collector_config config,
                        messages::data_buffer_actor buffer,
                        messages::param_server_actor policy_server,
                        messages::metrics_sink_actor metrics);

}  // namespace amb::actors
