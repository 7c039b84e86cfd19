#pragma once

// The Gaussian MLP policy as a LibTorch module, for the optimisers in learners/. Actors and apps
// use gaussian_mlp_policy.hpp instead, which keeps torch out of their compilation.

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <vector>

#include "learners/flat_parameters.hpp"
#include "learners/gaussian_mlp_policy.hpp"

namespace amb::learners {

class gaussian_mlp_moduleImpl : public torch::nn::Module {
 public:
  gaussian_mlp_moduleImpl(int obs_dim, int act_dim, const policy_config& config, uint64_t seed);

  /// Mean action, obs [N, obs_dim] -> [N, act_dim].
  torch::Tensor mean(const torch::Tensor& obs);

  /// log pi(act | obs), obs [N, obs_dim], act [N, act_dim] -> [N].
  torch::Tensor log_prob(const torch::Tensor& obs, const torch::Tensor& act);

  /// Every tensor of θ, in the order of the flat layout (layer weights and biases, then log_std).
  const std::vector<torch::Tensor>& ordered_parameters() const { return sections_.tensors; }
  /// The same tensors with their names: θ's sections.
  const named_tensors& sections() const { return sections_; }

  int obs_dim;
  int act_dim;
  torch::nn::Sequential mlp;
  torch::Tensor log_std;  // [act_dim]

 private:
  named_tensors sections_;
};
TORCH_MODULE(gaussian_mlp_module);

/// The Gaussian MLP's mean action on θ given as tensors in the module's flat order (layer
/// weights and biases, then log_std), so that θ may be a computed value rather than the module's
/// own (MB-MPO's adapted θ' = θ + α g, differentiated through). Stacked θ, each tensor with a
/// leading dim P, holds P policies: obs [P, R, obs_dim] -> [P, R, act_dim], policy p on rows p.
torch::Tensor gaussian_mean(const std::vector<torch::Tensor>& theta, const torch::Tensor& obs);

/// log pi(act | obs) under θ given as for gaussian_mean: obs [..., obs_dim], act [..., act_dim]
/// -> [...].
torch::Tensor gaussian_log_prob(const std::vector<torch::Tensor>& theta, const torch::Tensor& obs,
                                const torch::Tensor& act);

/// log N(act; mean, exp(log_std)^2) of a diagonal Gaussian: mean and act [..., act_dim],
/// log_std broadcasting to them -> [...].
torch::Tensor gaussian_log_density(const torch::Tensor& mean, const torch::Tensor& log_std,
                                   const torch::Tensor& act);

/// Mean KL(old || new) between diagonal Gaussians, per row averaged: means [N, act_dim],
/// log_stds [act_dim].
torch::Tensor mean_gaussian_kl(const torch::Tensor& old_mean, const torch::Tensor& old_log_std,
                               const torch::Tensor& new_mean, const torch::Tensor& new_log_std);

}  // namespace amb::learners
