#pragma once

// One iLQG step under a KL constraint (Levine & Abbeel 2014), the exploration controller of the
// NAF paper's Algorithm 2: the cost is the task's negated reward, expanded to second order
// around the previous controller's mean trajectory under the fitted local models, and the new
// controller p maximises the expected reward subject to KL(p ‖ previous) ≤ ε, so that it stays
// where the models were fitted. The constraint's multiplier η is found by bisection.

#include "envs/environment.hpp"
#include "learners/naf/local_linear_models.hpp"
#include "learners/naf/lqr.hpp"

namespace amb::learners::naf {

/// The fitted models in float64, with N_t = S_t S_tᵀ.
linear_dynamics dynamics_of(const linear_gaussian_dynamics& fitted);

/// The second-order expansion of −r(x, u, F_t z + f_t) around `nominal` z_t [T, d], in absolute
/// coordinates: the task's reward_tensor differentiated twice by autograd.
quadratic_cost reward_expansion(const envs::environment& task, const linear_dynamics& dynamics,
                                const torch::Tensor& nominal);

struct ilqg_step_result {
  linear_gaussian_controller controller;
  double eta = 0;            // the constraint's multiplier (the smallest tried when inactive)
  double kl = 0;             // KL(new ‖ previous) along the new controller's trajectories
  double expected_cost = 0;  // of the new controller under the models and the expansion
  double previous_cost = 0;  // of the previous one
};

/// The maximum-entropy LQR controller for cost / η − log previous(u | x), η as small as keeps
/// the expected KL(new ‖ previous) within `max_kl`, x_0 ~ N(initial_mean, initial_covariance).
/// Throws std::runtime_error when no η does (the models or the cost are not finite).
ilqg_step_result kl_constrained_step(const linear_dynamics& dynamics, const quadratic_cost& cost,
                                     const linear_gaussian_controller& previous,
                                     const torch::Tensor& initial_mean,
                                     const torch::Tensor& initial_covariance, double max_kl);

/// The whole step on the fitted models, from their state Gaussian at t = 0: expansion around
/// the previous controller's mean trajectory, then the constrained LQR step. All in float64.
ilqg_step_result ilqg_step(const envs::environment& task, const linear_gaussian_dynamics& fitted,
                           const linear_gaussian_controller& previous, double max_kl);

}  // namespace amb::learners::naf
