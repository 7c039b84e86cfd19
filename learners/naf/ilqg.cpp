#include "learners/naf/ilqg.hpp"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

namespace amb::learners::naf {

namespace {

// The η interval searched, on a log scale: from a cost that dwarfs the previous controller's
// log-density (the unconstrained LQR step) to one it dwarfs (the previous controller again).
constexpr double smallest_eta = 1e-8, largest_eta = 1e16;
constexpr int bisections = 60;

// −log previous(u | x) as a quadratic in z = [x; u], up to a constant: with M = [−K̄, I],
// ½ (M z − k̄)ᵀ Σ̄⁻¹ (M z − k̄).
quadratic_cost log_density_penalty(const linear_gaussian_controller& previous) {
  const auto horizon = previous.gain.size(0), m = previous.gain.size(1);
  const auto identity = torch::eye(m, previous.gain.options()).expand({horizon, m, m});
  const auto selector = torch::cat({-previous.gain, identity}, 2);  // M [T, m, d]
  const auto precision = torch::cholesky_inverse(previous.factor);
  const auto weighted = torch::bmm(selector.transpose(1, 2), precision);  // Mᵀ Σ̄⁻¹
  return {torch::bmm(weighted, selector),
          -torch::bmm(weighted, previous.offset.unsqueeze(2)).squeeze(2)};
}

struct candidate {
  linear_gaussian_controller controller;
  trajectory_moments moments;
  double kl = 0;
};

}  // namespace

linear_dynamics dynamics_of(const linear_gaussian_dynamics& fitted) {
  const auto noise_factor = fitted.noise_factor.to(torch::kFloat64);
  return {fitted.gain.to(torch::kFloat64), fitted.offset.to(torch::kFloat64),
          torch::bmm(noise_factor, noise_factor.transpose(1, 2))};
}

quadratic_cost reward_expansion(const envs::environment& task, const linear_dynamics& dynamics,
                                const torch::Tensor& nominal) {
  const auto n = dynamics.gain.size(1), d = dynamics.gain.size(2);
  const auto z = nominal.detach().clone().requires_grad_(true);
  const auto next = torch::bmm(dynamics.gain, z.unsqueeze(2)).squeeze(2) + dynamics.offset;
  const auto cost = -task.reward_tensor(z.slice(1, 0, n), z.slice(1, n, d), next);
  // Each step's cost depends on its own z_t alone, so one gradient of the sum gives every
  // step's gradient, and d more give the rows of every step's Hessian.
  const auto gradient =
      torch::autograd::grad({cost.sum()}, {z}, {}, /*retain_graph=*/true, /*create_graph=*/true)
          .front();
  auto hessian = torch::zeros({nominal.size(0), d, d}, nominal.options());
  for (int64_t i = 0; i < d; ++i) {
    if (!gradient.requires_grad()) break;  // a cost linear in z: no curvature
    const auto row = torch::autograd::grad({gradient.select(1, i).sum()}, {z}, {},
                                           /*retain_graph=*/true, /*create_graph=*/false,
                                           /*allow_unused=*/true)
                         .front();
    if (row.defined()) hessian.select(1, i).copy_(row);
  }
  hessian = 0.5 * (hessian + hessian.transpose(1, 2));
  torch::NoGradGuard no_grad;
  // ℓ(z) ≈ ℓ(ẑ) + gᵀ(z − ẑ) + ½ (z − ẑ)ᵀ H (z − ẑ): the linear term in absolute coordinates.
  const auto nominal_values = nominal.detach();
  return {hessian, gradient.detach() - torch::bmm(hessian, nominal_values.unsqueeze(2)).squeeze(2)};
}

ilqg_step_result kl_constrained_step(const linear_dynamics& dynamics, const quadratic_cost& cost,
                                     const linear_gaussian_controller& previous,
                                     const torch::Tensor& initial_mean,
                                     const torch::Tensor& initial_covariance, double max_kl) {
  torch::NoGradGuard no_grad;
  const auto penalty = log_density_penalty(previous);
  auto solve = [&](double eta) -> std::optional<candidate> {
    const auto controller = lqr_backward(
        dynamics, {cost.hessian / eta + penalty.hessian, cost.gradient / eta + penalty.gradient});
    if (!controller) return std::nullopt;
    auto moments = forward_moments(dynamics, *controller, initial_mean, initial_covariance);
    const double kl = expected_kl(*controller, previous, moments);
    if (!std::isfinite(kl)) return std::nullopt;
    return candidate{*controller, std::move(moments), kl};
  };
  auto accepted = solve(smallest_eta);
  double eta = smallest_eta;
  if (!accepted || accepted->kl > max_kl) {
    // KL falls as η grows: keep the smallest η seen that satisfies the constraint.
    accepted = solve(largest_eta);
    if (!accepted)
      throw std::runtime_error(
          "iLQG step: no controller near the previous one (the local models or the reward's "
          "expansion are not finite)");
    double low = std::log(smallest_eta), high = std::log(largest_eta);
    eta = largest_eta;
    for (int i = 0; i < bisections; ++i) {
      const double middle = 0.5 * (low + high);
      auto tried = solve(std::exp(middle));
      if (tried && tried->kl <= max_kl) {
        high = middle;
        eta = std::exp(middle);
        accepted = std::move(tried);
      } else {
        low = middle;
      }
    }
  }
  const auto previous_moments =
      forward_moments(dynamics, previous, initial_mean, initial_covariance);
  return {accepted->controller, eta, accepted->kl, expected_cost(cost, accepted->moments),
          expected_cost(cost, previous_moments)};
}

ilqg_step_result ilqg_step(const envs::environment& task, const linear_gaussian_dynamics& fitted,
                           const linear_gaussian_controller& previous, double max_kl) {
  const auto dynamics = dynamics_of(fitted);
  const auto initial_mean = fitted.state_mean[0].to(torch::kFloat64);
  const auto initial_factor = fitted.state_factor[0].to(torch::kFloat64);
  const auto initial_covariance = initial_factor.mm(initial_factor.t());
  const auto nominal = forward_moments(dynamics, previous, initial_mean, initial_covariance).mean;
  return kl_constrained_step(dynamics, reward_expansion(task, dynamics, nominal), previous,
                             initial_mean, initial_covariance, max_kl);
}

}  // namespace amb::learners::naf
