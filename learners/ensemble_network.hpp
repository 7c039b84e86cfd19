#pragma once

// The ensemble's networks and normalisers as a LibTorch module: what φ holds. Used by the
// dynamics_ensemble (training) and by imagined rollouts (prediction).

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <vector>

#include "learners/ensemble_config.hpp"
#include "learners/flat_parameters.hpp"

namespace amb::learners {

class ensemble_networkImpl : public torch::nn::Module {
 public:
  ensemble_networkImpl(int obs_dim, int act_dim, const ensemble_config& config, uint64_t seed);

  /// All members on normalised inputs x [K, B, obs_dim + act_dim] -> [K, B, out], where out is
  /// obs_dim (the normalised state change) or, probabilistic, 2 obs_dim (mean, bounded log-var).
  torch::Tensor forward(const torch::Tensor& x);

  /// Normalised inputs [B, obs_dim + act_dim] of obs [B, obs_dim], act [B, act_dim].
  torch::Tensor normalise_input(const torch::Tensor& obs, const torch::Tensor& act) const;

  /// Normalised targets [B, obs_dim]: the state change next_obs - obs.
  torch::Tensor normalise_target(const torch::Tensor& obs, const torch::Tensor& next_obs) const;

  /// Predicted next states [B, obs_dim]; row b through member members[b] ([B], int64; see
  /// learners/member_selection.hpp). The probabilistic variant predicts its mean.
  torch::Tensor predict(const torch::Tensor& obs, const torch::Tensor& act,
                        const torch::Tensor& members);

  /// A reparameterised sample of the next states [B, obs_dim]: each row's mean plus its
  /// member's predicted standard deviation times `noise` [B, obs_dim] (standard normal), so
  /// that gradients reach obs, act and φ through both (MAAC). The deterministic variant
  /// predicts no spread: its sample is its mean. Like predict, it records gradients unless the
  /// caller holds a NoGradGuard.
  torch::Tensor sample(const torch::Tensor& obs, const torch::Tensor& act,
                       const torch::Tensor& members, const torch::Tensor& noise);

  /// Recomputes the normalisers from data: inputs [N, obs_dim + act_dim], changes [N, obs_dim].
  void fit_normalisers(const torch::Tensor& inputs, const torch::Tensor& changes);

  /// φ, in the order of its flat layout: weights and biases per layer, then the normalisers.
  const std::vector<torch::Tensor>& ordered_parameters() const { return sections_.tensors; }
  /// The same tensors with their names: φ's sections.
  const named_tensors& sections() const { return sections_; }

  /// The weights and biases of each member along dim 0 (what early stopping freezes).
  const std::vector<torch::Tensor>& member_tensors() const { return member_tensors_; }

  int obs_dim;
  int act_dim;
  ensemble_config config;

 private:
  // The network's outputs [B, out] for row b through member members[b].
  torch::Tensor member_outputs(const torch::Tensor& obs, const torch::Tensor& act,
                               const torch::Tensor& members);
  // Next states from normalised state changes [B, obs_dim], clipped as configured.
  torch::Tensor next_states(const torch::Tensor& obs, const torch::Tensor& normalised_change);

  std::vector<torch::Tensor> weights_;  // [K, in, out] per layer
  std::vector<torch::Tensor> biases_;   // [K, 1, out] per layer
  torch::Tensor input_mean_, input_std_, change_mean_, change_std_;
  named_tensors sections_;
  std::vector<torch::Tensor> member_tensors_;
};
TORCH_MODULE(ensemble_network);

}  // namespace amb::learners
