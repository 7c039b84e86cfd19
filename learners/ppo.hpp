#pragma once

#include <torch/types.h>

#include <cstdint>
#include <memory>

#include "learners/gaussian_mlp_module.hpp"
#include "learners/learner_state.hpp"
#include "learners/metrics.hpp"
#include "learners/ppo_config.hpp"

namespace amb::learners {

/// PPO with the clipped surrogate (Schulman et al. 2017): several epochs of Adam steps over
/// shuffled minibatches. Keeps its optimiser state between steps.
class ppo {
 public:
  ppo(gaussian_mlp_module policy, const ppo_config& config, uint64_t seed);
  ~ppo();

  /// One update on obs [M, obs_dim], act [M, act_dim], advantages [M]. Throws
  /// std::runtime_error, with the policy restored, when a loss or the parameters become NaN/Inf.
  metrics step(const torch::Tensor& obs, const torch::Tensor& act, const torch::Tensor& advantages);

  /// Adam's moments and the minibatch stream, for the learner's state.
  void save(state_writer& out) const;
  void load(state_reader& in);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace amb::learners
