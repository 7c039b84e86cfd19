#include "learners/naf/lqr.hpp"

#include <torch/torch.h>

namespace amb::learners::naf {

namespace {

torch::Tensor symmetric(const torch::Tensor& m) {
  return 0.5 * (m + m.transpose(-1, -2));
}

// x Aᵀ for a batch of matrices and vectors: [T, r, c] x [T, c] -> [T, r].
torch::Tensor apply(const torch::Tensor& matrices, const torch::Tensor& vectors) {
  return torch::bmm(matrices, vectors.unsqueeze(2)).squeeze(2);
}

// log det of S Sᵀ from the lower factors S [T, m, m].
torch::Tensor log_det_of_factor(const torch::Tensor& factor) {
  return 2 * factor.diagonal(0, -2, -1).log().sum(1);
}

}  // namespace

linear_gaussian_controller linear_gaussian_controller::constant(int horizon, int obs_dim,
                                                                const torch::Tensor& action,
                                                                const torch::Tensor& std) {
  const auto act_dim = action.size(0);
  return {torch::zeros({horizon, act_dim, obs_dim}, action.options()),
          action.unsqueeze(0).repeat({horizon, 1}),
          torch::diag(std).unsqueeze(0).repeat({horizon, 1, 1})};
}

std::optional<linear_gaussian_controller> lqr_backward(const linear_dynamics& dynamics,
                                                       const quadratic_cost& cost) {
  torch::NoGradGuard no_grad;
  const auto horizon = dynamics.gain.size(0), n = dynamics.gain.size(1);
  const auto d = dynamics.gain.size(2), m = d - n;
  const auto options = dynamics.gain.options();
  linear_gaussian_controller controller{torch::zeros({horizon, m, n}, options),
                                        torch::zeros({horizon, m}, options),
                                        torch::zeros({horizon, m, m}, options)};
  auto value_hessian = torch::zeros({n, n}, options);
  auto value_gradient = torch::zeros({n}, options);
  for (int64_t t = horizon - 1; t >= 0; --t) {
    const auto f_matrix = dynamics.gain[t];
    const auto q_zz = cost.hessian[t] + f_matrix.t().mm(value_hessian).mm(f_matrix);
    const auto q_z =
        cost.gradient[t] + f_matrix.t().mv(value_hessian.mv(dynamics.offset[t]) + value_gradient);
    const auto q_uu = symmetric(q_zz.slice(0, n, d).slice(1, n, d));
    const auto q_ux = q_zz.slice(0, n, d).slice(1, 0, n);
    const auto [factor, info] = torch::linalg_cholesky_ex(q_uu);
    if (info.item<int64_t>() != 0) return std::nullopt;
    const auto gain = -torch::cholesky_solve(q_ux, factor);
    const auto offset = -torch::cholesky_solve(q_z.slice(0, n, d).unsqueeze(1), factor).squeeze(1);
    controller.gain[t].copy_(gain);
    controller.offset[t].copy_(offset);
    controller.factor[t].copy_(torch::linalg::cholesky(symmetric(torch::cholesky_inverse(factor))));
    // V = Q_xx − Q_xu Q_uu⁻¹ Q_ux and v = q_x − Q_xu Q_uu⁻¹ q_u: Q with u at its minimum.
    const auto q_xu = q_zz.slice(0, 0, n).slice(1, n, d);
    value_hessian = symmetric(q_zz.slice(0, 0, n).slice(1, 0, n) + q_xu.mm(gain));
    value_gradient = q_z.slice(0, 0, n) + q_xu.mv(offset);
  }
  return controller;
}

trajectory_moments forward_moments(const linear_dynamics& dynamics,
                                   const linear_gaussian_controller& controller,
                                   const torch::Tensor& initial_mean,
                                   const torch::Tensor& initial_covariance) {
  torch::NoGradGuard no_grad;
  const auto horizon = dynamics.gain.size(0), d = dynamics.gain.size(2);
  trajectory_moments moments{torch::zeros({horizon, d}, dynamics.gain.options()),
                             torch::zeros({horizon, d, d}, dynamics.gain.options())};
  auto state_mean = initial_mean;
  auto state_covariance = initial_covariance;
  for (int64_t t = 0; t < horizon; ++t) {
    const auto gain = controller.gain[t], factor = controller.factor[t];
    const auto cross = gain.mm(state_covariance);  // Cov(u, x)
    const auto action_covariance = cross.mm(gain.t()) + factor.mm(factor.t());
    const auto mean = torch::cat({state_mean, gain.mv(state_mean) + controller.offset[t]});
    const auto covariance = torch::cat(
        {torch::cat({state_covariance, cross.t()}, 1), torch::cat({cross, action_covariance}, 1)});
    moments.mean[t].copy_(mean);
    moments.covariance[t].copy_(covariance);
    const auto f_matrix = dynamics.gain[t];
    state_mean = f_matrix.mv(mean) + dynamics.offset[t];
    state_covariance = symmetric(f_matrix.mm(covariance).mm(f_matrix.t()) + dynamics.covariance[t]);
  }
  return moments;
}

double expected_kl(const linear_gaussian_controller& p, const linear_gaussian_controller& q,
                   const trajectory_moments& moments) {
  torch::NoGradGuard no_grad;
  const auto n = p.gain.size(2), m = p.gain.size(1);
  const auto state_mean = moments.mean.slice(1, 0, n);
  const auto state_covariance = moments.covariance.slice(1, 0, n).slice(2, 0, n);
  const auto q_precision = torch::cholesky_inverse(q.factor);
  const auto p_covariance = torch::bmm(p.factor, p.factor.transpose(1, 2));
  const auto gain_gap = p.gain - q.gain;
  const auto mean_gap = apply(gain_gap, state_mean) + p.offset - q.offset;
  const auto trace_term = (q_precision * p_covariance).sum({1, 2});
  const auto mean_term = (mean_gap * apply(q_precision, mean_gap)).sum(1);
  // E[(ΔK x)ᵀ Σ_q⁻¹ (ΔK x)] beyond the mean's part: tr(ΔKᵀ Σ_q⁻¹ ΔK Σ_x).
  const auto spread_term =
      (torch::bmm(torch::bmm(gain_gap.transpose(1, 2), q_precision), gain_gap) * state_covariance)
          .sum({1, 2});
  const auto per_step = 0.5 * (trace_term + mean_term + spread_term - double(m) +
                               log_det_of_factor(q.factor) - log_det_of_factor(p.factor));
  return per_step.sum().item<double>();
}

double expected_cost(const quadratic_cost& cost, const trajectory_moments& moments) {
  torch::NoGradGuard no_grad;
  const auto quadratic = 0.5 * (cost.hessian * moments.covariance).sum({1, 2}) +
                         0.5 * (moments.mean * apply(cost.hessian, moments.mean)).sum(1);
  return (quadratic + (cost.gradient * moments.mean).sum(1)).sum().item<double>();
}

}  // namespace amb::learners::naf
