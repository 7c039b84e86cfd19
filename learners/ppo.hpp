#pragma once

#include <torch/types.h>

#include <cstdint>
#include <memory>

#include "learners/gaussian_mlp_module.hpp"
#include "learners/metrics.hpp"

namespace amb::learners {

struct ppo_config {
  double learning_rate = 1e-3;  // ME-PPO's setting in the asynchronous MB-RL paper
  double clip = 0.3;
  int epochs = 5;
  int minibatches = 4;
};

/// PPO with the clipped surrogate (Schulman et al. 2017): several epochs of Adam steps over
/// shuffled minibatches. Keeps its optimiser state between steps.
class ppo {
 public:
  ppo(gaussian_mlp_module policy, const ppo_config& config, uint64_t seed);
  ~ppo();

  /// One update on obs [M, obs_dim], act [M, act_dim], advantages [M]. Throws
  /// std::runtime_error, with the policy restored, when a loss or the parameters become NaN/Inf.
  metrics step(const torch::Tensor& obs, const torch::Tensor& act, const torch::Tensor& advantages);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace amb::learners
