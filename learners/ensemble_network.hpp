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

/// The rows of a batch grouped by the member that predicts them, so that each member multiplies
/// only its own rows: grouped row i is batch row order[i], and member k's rows follow member
/// k - 1's.
struct member_groups {
  torch::Tensor order;          // [B] int64
  std::vector<int64_t> counts;  // [K]: rows of each member
};

/// The groups of members [B] (int64, each in [0, member_count)); throws std::invalid_argument
/// naming a member outside the ensemble.
member_groups group_by_member(const torch::Tensor& members, int member_count);

/// Where `pieces` compute threads divide whole members with `counts` rows between them: piece i
/// takes members [cuts[i], cuts[i + 1]), as close to an equal share of the rows as whole members
/// allow. Fewer pieces when there are fewer members, or when a piece would get no rows.
std::vector<size_t> member_cuts(const std::vector<int64_t>& counts, size_t pieces);

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
  /// learners/member_selection.hpp), and only through it. The probabilistic variant predicts
  /// its mean. Without gradients.
  torch::Tensor predict(const torch::Tensor& obs, const torch::Tensor& act,
                        const torch::Tensor& members);

  /// predict() into `next_obs` [B, obs_dim] (a view, such as one step of a batch of paths),
  /// through buffers the network keeps from call to call: what an imagined rollout calls at
  /// every step.
  void predict_into(const torch::Tensor& obs, const torch::Tensor& act,
                    const torch::Tensor& members, torch::Tensor next_obs);

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
  // Layer l of every member on its own rows, activation included: h [B, in] grouped by member
  // -> [B, out].
  torch::Tensor member_layer(size_t l, const torch::Tensor& h, const std::vector<int64_t>& counts);
  // Every layer of members [first, last) on their rows, from buffers_.grouped_input into
  // buffers_.layers, without gradients.
  void member_layers_into(const member_groups& groups, size_t first, size_t last);
  // The log-variance half of a probabilistic output between its soft bounds.
  torch::Tensor bounded(const torch::Tensor& out) const;
  // Next states from normalised state changes [B, obs_dim], clipped as configured.
  torch::Tensor next_states(const torch::Tensor& obs, const torch::Tensor& normalised_change);

  // predict_into's buffers, [B, width] each, resized when B changes.
  struct rollout_buffers {
    torch::Tensor input, grouped_input, grouped_obs, grouped_next;
    std::vector<torch::Tensor> layers;
  } buffers_;

  std::vector<torch::Tensor> weights_;  // [K, in, out] per layer
  std::vector<torch::Tensor> biases_;   // [K, 1, out] per layer
  torch::Tensor input_mean_, input_std_, change_mean_, change_std_;
  named_tensors sections_;
  std::vector<torch::Tensor> member_tensors_;
};
TORCH_MODULE(ensemble_network);

}  // namespace amb::learners
