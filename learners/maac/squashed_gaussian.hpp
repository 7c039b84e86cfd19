#pragma once

// MAAC's policy (as SAC's): a Gaussian whose mean and log standard deviation both come from the
// state, squashed by tanh into the task's action bounds, sampled by reparameterisation so that
// gradients reach θ through the action (and through the model steps after it).

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <vector>

#include "learners/flat_parameters.hpp"

namespace amb::learners::maac {

struct squashed_sample {
  torch::Tensor action;    // [N, act_dim], within the bounds
  torch::Tensor log_prob;  // [N], of the squashed action (tanh and scale accounted for)
};

class squashed_gaussianImpl : public torch::nn::Module {
 public:
  /// ReLU layers `hidden`; actions in [low, high] per dimension; weights from `seed`.
  squashed_gaussianImpl(int obs_dim, const std::vector<int>& hidden, const std::vector<float>& low,
                        const std::vector<float>& high, uint64_t seed);

  /// A reparameterised sample for states obs [N, obs_dim] with standard normal noise
  /// [N, act_dim]: low + (high - low) (tanh(μ + σ ε) + 1) / 2.
  squashed_sample sample(const torch::Tensor& obs, const torch::Tensor& noise);

  /// The squashed mean action [N, act_dim]: what the evaluator acts with.
  torch::Tensor mean_action(const torch::Tensor& obs);

  /// θ's tensors with their names, in the flat layout's order.
  const named_tensors& sections() const { return sections_; }

  int obs_dim;
  int act_dim;

 private:
  // μ and log σ (clamped to [-20, 2], SAC's bounds) of the unsquashed Gaussian.
  std::pair<torch::Tensor, torch::Tensor> gaussian(const torch::Tensor& obs);

  torch::nn::Sequential trunk_;        // ReLU layers, then one linear layer to [μ, log σ]
  torch::Tensor centre_, half_range_;  // [act_dim]
  named_tensors sections_;
};
TORCH_MODULE(squashed_gaussian);

}  // namespace amb::learners::maac
