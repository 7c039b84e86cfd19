#pragma once

// NAF's Q update (Gu et al. 2016, Algorithm 1): regress Q(x, u) on y = r + γ V'(x') with the
// target network's V', the maximum of Q' over actions that the normalised form gives in closed
// form. A transition into a terminal state has no future: its target is r alone (two public
// implementations bootstrap through terminal states; a test guards the mask).

#include <torch/optim/adam.h>

#include "learners/naf/normalized_q.hpp"
#include "learners/transition_replay.hpp"

namespace amb::learners::naf {

/// y [N] of a batch: r + γ (1 - terminal) V'(x').
torch::Tensor q_targets(normalized_q& q, const transitions& batch, double discount);

struct q_step_result {
  double loss = 0;    // mean squared Bellman error before the step
  double target = 0;  // the targets' mean
  // Q(x, u) = V(x) - A(x, u) on the batch before the step, apart: where Q diverges, whether its
  // level (V) moves or the penalty of the actions taken (A = ½ |Lᵀ (u - μ(x))|², from P and μ).
  double state_value = 0;  // mean V(x)
  double penalty = 0;      // mean A(x, u)
};

struct q_step_options {
  double discount = 0.99;        // γ
  double tau = 1e-3;             // how far the target V follows
  double max_gradient_norm = 0;  // the gradient is scaled down to at most this norm; 0: never
};

/// One Adam step of Q on the batch, then the target V follows by τ. Throws std::runtime_error,
/// before any parameter changes, when the loss or its gradient is not finite.
q_step_result q_learning_step(normalized_q& q, torch::optim::Adam& adam, const transitions& batch,
                              const q_step_options& options);

}  // namespace amb::learners::naf
