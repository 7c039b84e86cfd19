#pragma once

// MAAC's actor objective (Clavera et al. 2020, section 4.1): from a start state, H steps of the
// policy through the learned model, then the critic:
//   J = Σ_{t<H} γ^t (r(s_t, a_t, s_{t+1}) - α log π(a_t | s_t)) + γ^H (Q(s_H, a_H) - α log π(a_H |
//   s_H))
// with every a_t a reparameterised sample and every s_{t+1} a reparameterised model sample, so
// that J's gradient in θ is the pathwise derivative through policy, model, reward and critic.
// With H = 0 it is SAC's actor objective.

#include <torch/types.h>

#include <functional>

#include "learners/maac/squashed_gaussian.hpp"

namespace amb::learners::maac {

/// What the objective is computed through, each differentiable in its inputs.
struct pathwise_world {
  /// s_{t+1} [N, obs_dim] of s_t, a_t: a reparameterised sample of the model (its noise drawn
  /// inside), gradients passing through.
  std::function<torch::Tensor(const torch::Tensor& obs, const torch::Tensor& act)> step;
  /// r(s_t, a_t, s_{t+1}) [N].
  std::function<torch::Tensor(const torch::Tensor& obs, const torch::Tensor& act,
                              const torch::Tensor& next_obs)>
      reward;
  /// Whether s_{t+1} is terminal [N] bool: no reward or value is counted after it.
  std::function<torch::Tensor(const torch::Tensor& obs, const torch::Tensor& act,
                              const torch::Tensor& next_obs)>
      terminal;
  /// Q(s_H, a_H) [N]: the critic's min of its two networks.
  std::function<torch::Tensor(const torch::Tensor& obs, const torch::Tensor& act)> value;
  /// a_t [N, act_dim] and log π(a_t | s_t) [N]: a reparameterised policy sample.
  std::function<squashed_sample(const torch::Tensor& obs)> act;
};

struct pathwise_settings {
  int horizon = 3;         // H: model steps before the critic's value
  double discount = 0.99;  // γ
  double temperature = 0;  // α, a constant here (the learner learns it apart)
};

struct pathwise_value {
  torch::Tensor objective;     // [N]: J per start state, to maximise
  torch::Tensor log_prob;      // [N]: log π(a_0 | s_0), for the temperature's update
  torch::Tensor final_states;  // [N, obs_dim]: s_H, detached
};

/// J for start states [N, obs_dim].
pathwise_value pathwise_objective(const pathwise_world& world, const torch::Tensor& start_states,
                                  const pathwise_settings& settings);

}  // namespace amb::learners::maac
