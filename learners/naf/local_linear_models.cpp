#include "learners/naf/local_linear_models.hpp"

#include <torch/torch.h>

#include <stdexcept>
#include <string>

namespace amb::learners::naf {

namespace {

// The posterior of step t's Gaussian: its n samples' statistics pulled towards the prior, which
// weighs as `prior_samples` samples (normal-inverse-Wishart with κ = ν = prior_samples).
gaussian posterior(const torch::Tensor& rows, const gaussian& prior, double prior_samples) {
  const double n = double(rows.size(0)), n0 = prior_samples;
  const auto sample = empirical_gaussian(rows);
  const auto shift = (sample.mean - prior.mean).unsqueeze(1);
  return {
      (n0 * prior.mean + n * sample.mean) / (n0 + n),
      (n0 * prior.covariance + n * sample.covariance + (n0 * n / (n0 + n)) * shift.mm(shift.t())) /
          (n0 + n)};
}

// p(x' | x, u) from the joint Gaussian of [x; u; x']: F = Σ_oi Σ_ii⁻¹, f = μ_o - F μ_i,
// N = Σ_oo - F Σ_ii Fᵀ.
void condition(const gaussian& joint, int inputs, double regularisation, torch::Tensor gain,
               torch::Tensor offset, torch::Tensor noise_factor) {
  const auto d = joint.mean.size(0);
  const auto eye_in = torch::eye(inputs, torch::kFloat64);
  const auto sigma_ii =
      joint.covariance.slice(0, 0, inputs).slice(1, 0, inputs) + regularisation * eye_in;
  const auto sigma_io = joint.covariance.slice(0, 0, inputs).slice(1, inputs, d);
  const auto sigma_oo = joint.covariance.slice(0, inputs, d).slice(1, inputs, d);
  const auto f_matrix = torch::linalg::solve(sigma_ii, sigma_io, /*left=*/true).t();
  const auto mean_in = joint.mean.slice(0, 0, inputs), mean_out = joint.mean.slice(0, inputs, d);
  // The difference of two covariances can lose definiteness to rounding: its eigenvalues are
  // kept at or above the regularisation, so that the Cholesky factor always exists.
  const auto noise = sigma_oo - f_matrix.mm(sigma_ii).mm(f_matrix.t());
  const auto [eigenvalues, eigenvectors] = torch::linalg::eigh(0.5 * (noise + noise.t()), "L");
  const auto repaired =
      eigenvectors.mm(torch::diag(eigenvalues.clamp_min(regularisation))).mm(eigenvectors.t());
  gain.copy_(f_matrix);
  offset.copy_(mean_out - f_matrix.mv(mean_in));
  noise_factor.copy_(torch::linalg::cholesky(0.5 * (repaired + repaired.t())));
}

}  // namespace

torch::Tensor transition_rows(const recorded_episode& e) {
  const auto length = e.act.size(0);
  return torch::cat({e.obs.narrow(0, 0, length), e.act, e.obs.narrow(0, 1, length)}, 1)
      .to(torch::kFloat64);
}

linear_gaussian_dynamics linear_gaussian_dynamics::zeros(int horizon, int obs_dim, int act_dim) {
  return {torch::zeros({horizon, obs_dim, obs_dim + act_dim}), torch::zeros({horizon, obs_dim}),
          torch::zeros({horizon, obs_dim, obs_dim}), torch::zeros({horizon, obs_dim}),
          torch::eye(obs_dim).repeat({horizon, 1, 1})};
}

named_tensors linear_gaussian_dynamics::sections() const {
  named_tensors named;
  named.add("gain", gain);
  named.add("offset", offset);
  named.add("noise_factor", noise_factor);
  named.add("state_mean", state_mean);
  named.add("state_factor", state_factor);
  return named;
}

torch::Tensor linear_gaussian_dynamics::mean_next(const torch::Tensor& obs,
                                                  const torch::Tensor& act,
                                                  const torch::Tensor& t) const {
  const auto input = torch::cat({obs, act}, 1).unsqueeze(2);
  return torch::bmm(gain.index_select(0, t), input).squeeze(2) + offset.index_select(0, t);
}

torch::Tensor linear_gaussian_dynamics::deviation(const torch::Tensor& obs,
                                                  const torch::Tensor& t) const {
  const auto offset_from_mean = (obs - state_mean.index_select(0, t)).unsqueeze(2);
  const auto whitened = torch::linalg_solve_triangular(state_factor.index_select(0, t),
                                                       offset_from_mean, /*upper=*/false);
  return whitened.pow(2).mean({1, 2}).sqrt();
}

torch::Tensor linear_gaussian_dynamics::sample_next(const torch::Tensor& obs,
                                                    const torch::Tensor& act,
                                                    const torch::Tensor& t, double noise_scale,
                                                    at::Generator& generator) const {
  if (noise_scale == 0) return mean_next(obs, act, t);
  const auto noise = torch::randn({obs.size(0), obs.size(1), 1}, generator, obs.options());
  return mean_next(obs, act, t) +
         noise_scale * torch::bmm(noise_factor.index_select(0, t), noise).squeeze(2);
}

linear_gaussian_dynamics fit_local_models(const std::vector<recorded_episode>& episodes,
                                          const local_fit_options& options,
                                          const gaussian_mixture* prior_mixture) {
  if (episodes.empty()) throw std::invalid_argument("local linear models: no episodes to fit");
  const auto obs_dim = episodes.front().obs.size(1), act_dim = episodes.front().act.size(1);
  std::vector<torch::Tensor> per_episode;
  for (const auto& e : episodes) {
    if (e.obs.size(1) != obs_dim || e.act.size(1) != act_dim || e.obs.size(0) != e.act.size(0) + 1)
      throw std::invalid_argument(
          "local linear models: an episode of obs " + std::to_string(e.obs.size(0)) + " x " +
          std::to_string(e.obs.size(1)) + " and actions " + std::to_string(e.act.size(0)) + " x " +
          std::to_string(e.act.size(1)) + " among episodes of obs_dim " + std::to_string(obs_dim) +
          ", act_dim " + std::to_string(act_dim));
    per_episode.push_back(transition_rows(e));
  }
  if (prior_mixture && prior_mixture->means().size(1) != 2 * obs_dim + act_dim)
    throw std::invalid_argument("local linear models: a prior mixture over rows of " +
                                std::to_string(prior_mixture->means().size(1)) +
                                " values, not [x; u; x'] of " +
                                std::to_string(2 * obs_dim + act_dim));
  const auto pooled = empirical_gaussian(torch::cat(per_episode));
  const int inputs = static_cast<int>(obs_dim + act_dim);
  auto fitted = linear_gaussian_dynamics::zeros(options.horizon, static_cast<int>(obs_dim),
                                                static_cast<int>(act_dim));
  torch::NoGradGuard no_grad;
  for (int t = 0; t < options.horizon; ++t) {
    std::vector<torch::Tensor> rows;
    for (const auto& r : per_episode)
      if (r.size(0) > t) rows.push_back(r[t].unsqueeze(0));
    auto joint = pooled;
    if (!rows.empty()) {
      const auto samples = torch::cat(rows);
      joint = posterior(samples, prior_mixture ? prior_mixture->moments_near(samples) : pooled,
                        options.prior_samples);
    }
    condition(joint, inputs, options.regularisation, fitted.gain[t], fitted.offset[t],
              fitted.noise_factor[t]);
    const auto states = joint.covariance.slice(0, 0, obs_dim).slice(1, 0, obs_dim);
    fitted.state_mean[t].copy_(joint.mean.slice(0, 0, obs_dim));
    fitted.state_factor[t].copy_(torch::linalg::cholesky(
        states + options.regularisation * torch::eye(obs_dim, torch::kFloat64)));
  }
  return fitted;
}

}  // namespace amb::learners::naf
