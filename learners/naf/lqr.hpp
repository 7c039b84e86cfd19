#pragma once

// Linear-quadratic control on time-varying linear-Gaussian dynamics, the core of the iLQG step
// that NAF's optional exploration takes (Algorithm 2; Levine & Abbeel 2014). Everything is in
// absolute coordinates and float64: z_t = [x_t; u_t], x_{t+1} ~ N(F_t z_t + f_t, N_t), a cost
// ½ z_tᵀ C_t z_t + c_tᵀ z_t per step, and controllers u_t ~ N(K_t x_t + k_t, Σ_t).

#include <torch/types.h>

#include <optional>

namespace amb::learners::naf {

/// A time-varying linear-Gaussian controller u_t ~ N(K_t x_t + k_t, Σ_t), Σ_t = S_t S_tᵀ.
struct linear_gaussian_controller {
  torch::Tensor gain;    // K [T, act_dim, obs_dim]
  torch::Tensor offset;  // k [T, act_dim]
  torch::Tensor factor;  // S, lower Cholesky factor of Σ [T, act_dim, act_dim]

  /// K = 0, k = `action`, Σ = diag(std²) at every step: an open-loop start.
  static linear_gaussian_controller constant(int horizon, int obs_dim, const torch::Tensor& action,
                                             const torch::Tensor& std);
  int horizon() const { return static_cast<int>(gain.size(0)); }
};

/// The quadratic cost ½ zᵀ C_t z + c_tᵀ z of each step.
struct quadratic_cost {
  torch::Tensor hessian;   // C [T, d, d], d = obs_dim + act_dim
  torch::Tensor gradient;  // c [T, d]
};

/// The mean dynamics F_t z + f_t and noise N_t of each step, float64.
struct linear_dynamics {
  torch::Tensor gain;        // F [T, obs_dim, d]
  torch::Tensor offset;      // f [T, obs_dim]
  torch::Tensor covariance;  // N [T, obs_dim, obs_dim]
};

/// The maximum-entropy LQR solution of `cost` (dynamic programming backwards from a zero value
/// at T): K_t = −Q_uu⁻¹ Q_ux, k_t = −Q_uu⁻¹ q_u, Σ_t = Q_uu⁻¹. Empty when some Q_uu is not
/// positive definite (the cost is not convex enough in u there).
std::optional<linear_gaussian_controller> lqr_backward(const linear_dynamics& dynamics,
                                                       const quadratic_cost& cost);

/// The Gaussian of the states and actions at each step under a controller.
struct trajectory_moments {
  torch::Tensor mean;        // [T, d]
  torch::Tensor covariance;  // [T, d, d]
};

/// The moments of z_t when x_0 ~ N(initial_mean, initial_covariance), propagated forward.
trajectory_moments forward_moments(const linear_dynamics& dynamics,
                                   const linear_gaussian_controller& controller,
                                   const torch::Tensor& initial_mean,
                                   const torch::Tensor& initial_covariance);

/// Σ_t E_{x_t}[KL(p_t(u | x_t) ‖ q_t(u | x_t))] with x_t as in `moments` (those of p).
double expected_kl(const linear_gaussian_controller& p, const linear_gaussian_controller& q,
                   const trajectory_moments& moments);

/// E[Σ_t cost_t(z_t)] under `moments`.
double expected_cost(const quadratic_cost& cost, const trajectory_moments& moments);

}  // namespace amb::learners::naf
