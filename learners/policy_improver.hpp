#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "learners/ensemble_config.hpp"
#include "learners/gaussian_mlp_policy.hpp"
#include "learners/metrics.hpp"

namespace amb::learners {

struct path_batch;

struct policy_improver_config {
  std::string algorithm = "trpo";  // "trpo" or "ppo"
  bool model_based = true;         // false: the model-free baselines, on real trajectories
  int imagined_paths = 50;         // rollouts per step (the paper's setting)
  int imagined_horizon = 200;      // steps per imagined rollout
  double max_kl = 0.01;            // TRPO's step size
  double ppo_learning_rate = 1e-3;
  double ppo_clip = 0.3;
  int ppo_epochs = 5;
  double discount = 0.99;
  double gae_lambda = 1.0;
};

/// The policy learner's computation, torch-free to its callers: a Gaussian MLP policy improved
/// by TRPO or PPO with GAE on a linear feature baseline, either on imagined rollouts in the
/// latest model φ (ME-TRPO / ME-PPO) or on real trajectories (model-free TRPO / PPO).
class policy_improver {
 public:
  policy_improver(const std::string& env_name, const policy_config& policy,
                  const ensemble_config& model, const policy_improver_config& config,
                  uint64_t seed);
  ~policy_improver();

  /// Loads the latest model parameters φ; throws std::invalid_argument on a wrong size.
  void set_model(const float* phi, size_t count);

  /// Adds real states from which imagined rollouts may start, states [n, obs_dim]; keeps the
  /// newest `capacity` of them.
  void add_start_states(const float* states, size_t n, size_t capacity = 100000);

  /// One model-based step: imagine from random start states, then one TRPO/PPO update.
  /// Reports the update's metrics and imagined_return (mean undiscounted imagined return).
  /// Throws std::logic_error before a model and start states are there, std::runtime_error
  /// when the update meets NaN/Inf (the policy is then unchanged).
  metrics improve_in_model();

  /// One model-free step on real paths of equal length T: obs [N, T + 1, obs_dim],
  /// act [N, T, act_dim], rewards [N, T].
  metrics improve_on_paths(const float* obs, const float* act, const float* rewards, size_t paths,
                           size_t steps);

  std::vector<float> parameters() const;
  void set_parameters(const float* values, size_t count);
  bool has_model() const;
  /// Real states stored to start imagined rollouts from.
  size_t start_state_count() const;

 private:
  /// GAE on the baseline, then one TRPO or PPO update on the paths.
  metrics update(const path_batch& paths);

  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace amb::learners
