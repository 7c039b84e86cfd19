#pragma once

// NAF's Q function (Gu et al. 2016, section 4): Q(x, u) = V(x) - ½ (u - μ(x))ᵀ P(x) (u - μ(x)),
// P = L Lᵀ with L lower-triangular and its diagonal exponentiated, so that P is positive
// definite whatever the networks output and argmax_u Q(x, u) = μ(x) in closed form: the greedy
// policy is read off the Q function, with no actor to train beside it.

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <vector>

#include "learners/flat_parameters.hpp"

namespace amb::learners::naf {

class normalized_qImpl : public torch::nn::Module {
 public:
  /// V, μ and L from their own ReLU layers `hidden` (the paper's "each of the output
  /// parameters"); μ squashed by tanh into [low, high]; weights from `seed`. A target copy of V
  /// (the only part a Q-learning target reads) starts equal to it.
  normalized_qImpl(int obs_dim, const std::vector<int>& hidden, const std::vector<float>& low,
                   const std::vector<float>& high, uint64_t seed);

  /// Q(x, u) [N] for obs [N, obs_dim] and act [N, act_dim].
  torch::Tensor value(const torch::Tensor& obs, const torch::Tensor& act);
  /// Q's two parts, Q = V(x) - A(x, u) with A = ½ (u - μ)ᵀ P (u - μ) ≥ 0, each [N].
  struct parts {
    torch::Tensor state_value, penalty;
  };
  parts value_parts(const torch::Tensor& obs, const torch::Tensor& act);
  /// V(x) [N], the maximum of Q over actions.
  torch::Tensor state_value(const torch::Tensor& obs);
  /// The target network's V(x) [N], without gradients.
  torch::Tensor target_state_value(const torch::Tensor& obs);
  /// μ(x) [N, act_dim], the greedy action.
  torch::Tensor greedy_action(const torch::Tensor& obs);
  /// L(x) [N, act_dim, act_dim]: lower-triangular, positive diagonal.
  torch::Tensor cholesky_factor(const torch::Tensor& obs);

  /// The target V moves τ of the way to V: t <- (1 - τ) t + τ v.
  void soft_update(double tau);

  /// Every network sees (x - mean) / std: observations of very different scales (joint angles
  /// beside velocities of a hundred rad/s) would otherwise swamp the first layers. The learner
  /// sets them from the real transitions it has; they travel in θ.
  void set_observation_normaliser(const torch::Tensor& mean, const torch::Tensor& std);

  /// The trained tensors with their names ("mean.*", "cholesky.*", "value.*"), in layout order.
  const named_tensors& sections() const { return sections_; }
  /// θ: the trained tensors, then "normaliser.mean" and "normaliser.std".
  const named_tensors& theta() const { return theta_; }
  /// The target V's tensors, in the same order as V's (part of the learner's state).
  const named_tensors& target_sections() const { return target_; }

  int obs_dim;
  int act_dim;

 private:
  torch::Tensor normalised(const torch::Tensor& obs) const;

  torch::nn::Sequential value_, mean_, cholesky_, target_value_;
  torch::Tensor centre_, half_range_;  // [act_dim]
  torch::Tensor obs_mean_, obs_std_;   // [obs_dim]
  named_tensors sections_, value_sections_, target_, theta_;
};
TORCH_MODULE(normalized_q);

/// The largest magnitude of an entry of L: e⁵, so that P's eigenvalues stay below act_dim e¹⁰
/// (2e5 for 7 actions). Unbounded, an L network extrapolating to imagined states gave a
/// Bellman error of 6e23 on the single-target reacher, whose gradient overflowed float32.
/// Curvatures of Q in u that the tasks here need are orders of magnitude below.
constexpr double max_factor_entry = 148.4131591025766;  // e⁵

/// L from a network's raw output [N, act_dim (act_dim + 1) / 2], the entries of the lower
/// triangle row by row: the diagonal ones exponentiated, their exponent clamped to [-10, 5]
/// (L stays invertible in float32); the others squashed softly into ±max_factor_entry.
torch::Tensor lower_triangular_factor(const torch::Tensor& raw, int act_dim);

}  // namespace amb::learners::naf
