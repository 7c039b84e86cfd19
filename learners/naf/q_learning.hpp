#pragma once

// NAF's Q update (Gu et al. 2016, Algorithm 1): regress Q(x, u) on y = r + γ V'(x') with the
// target network's V', the maximum of Q' over actions that the normalised form gives in closed
// form. A transition into a terminal state has no future: its target is r alone (two public
// implementations bootstrap through terminal states; a test guards the mask). With a twin Q, V'
// is the smaller of the two target V's (clipped double Q learning, Fujimoto et al. 2018): V is
// Q's maximum over actions, fitted to targets of actions taken, so its errors at states unlike the
// data (imagined ones) bias it upwards, and a target read from the same V feeds the bias back.

#include <torch/optim/adam.h>

#include <limits>

#include "learners/naf/normalized_q.hpp"
#include "learners/transition_replay.hpp"

namespace amb::learners::naf {

/// The values V' is clipped into (unbounded by default).
struct value_range {
  double low = -std::numeric_limits<double>::infinity();
  double high = std::numeric_limits<double>::infinity();
};

/// The range of Σ_{k<K} γ^k r_k over K ≥ 1 rewards r_k in [reward_low, reward_high]: each end is
/// one reward (the episode ends after it) or the infinite sum, whichever is further out.
value_range discounted_sum_range(double reward_low, double reward_high, double discount);

/// y [N] of a batch: r + γ (1 - terminal) V'(x'), V' = min(V'_q, V'_twin) with a twin, clipped
/// into `next_value_range`.
torch::Tensor q_targets(normalized_q& q, const transitions& batch, double discount,
                        normalized_q* twin = nullptr, const value_range& next_value_range = {});

struct q_step_result {
  double loss = 0;    // mean squared Bellman error before the step
  double target = 0;  // the targets' mean
  // Q(x, u) = V(x) - A(x, u) on the batch before the step, apart: where Q diverges, whether its
  // level (V) moves or the penalty of the actions taken (A = ½ |Lᵀ (u - μ(x))|², from P and μ).
  double state_value = 0;  // mean V(x)
  double penalty = 0;      // mean A(x, u)
};

struct q_step_options {
  double tau = 1e-3;             // how far the target V follows
  double max_gradient_norm = 0;  // the gradient is scaled down to at most this norm; 0: never
};

/// One Adam step of Q(x, u) of the batch towards `target` [N], then the target V follows by τ.
/// Throws std::runtime_error, before any parameter changes, when the loss or its gradient is not
/// finite.
q_step_result q_regression_step(normalized_q& q, torch::optim::Adam& adam, const transitions& batch,
                                const torch::Tensor& target, const q_step_options& options);

}  // namespace amb::learners::naf
