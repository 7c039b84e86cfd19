#pragma once

// MAAC's two Q functions (as SAC's and TD3's): the minimum of two independently initialised
// networks against overestimation, each with a target network that follows it slowly.

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <vector>

#include "learners/flat_parameters.hpp"

namespace amb::learners::maac {

class twin_criticImpl : public torch::nn::Module {
 public:
  /// Two ReLU MLPs of `hidden` on [obs, act] -> [1], weights from `seed`; targets equal to them.
  twin_criticImpl(int obs_dim, int act_dim, const std::vector<int>& hidden, uint64_t seed);

  /// Both Q values [N] of obs [N, obs_dim], act [N, act_dim].
  std::pair<torch::Tensor, torch::Tensor> values(const torch::Tensor& obs,
                                                 const torch::Tensor& act);
  /// min(Q1, Q2) [N].
  torch::Tensor min_value(const torch::Tensor& obs, const torch::Tensor& act);
  /// min of the target networks [N], without gradients to them.
  torch::Tensor min_target(const torch::Tensor& obs, const torch::Tensor& act);

  /// Each target network moves τ of the way to its online network: t <- (1 - τ) t + τ q.
  void soft_update(double tau);

  /// The online networks' tensors with their names (what the optimiser updates).
  const named_tensors& sections() const { return online_; }
  /// The target networks' tensors, in the same order (part of the learner's state).
  const named_tensors& target_sections() const { return targets_; }

 private:
  std::vector<torch::nn::Sequential> nets_;  // Q1, Q2, then their targets
  named_tensors online_, targets_;
};
TORCH_MODULE(twin_critic);

}  // namespace amb::learners::maac
