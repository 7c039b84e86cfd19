#include "learners/naf/gaussian_mixture.hpp"

#include <torch/torch.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace amb::learners::naf {

gaussian empirical_gaussian(const torch::Tensor& rows) {
  const auto mean = rows.mean(0);
  const auto centred = rows - mean;
  return {mean, centred.t().mm(centred) / double(rows.size(0))};
}

gaussian_mixture gaussian_mixture::fit(const torch::Tensor& rows, int clusters,
                                       double regularisation, at::Generator& generator,
                                       int iterations) {
  const auto n = rows.size(0), d = rows.size(1);
  if (clusters < 1 || n < clusters)
    throw std::invalid_argument("gaussian mixture: " + std::to_string(n) + " rows cannot seed " +
                                std::to_string(clusters) + " clusters");
  torch::NoGradGuard no_grad;
  const auto pooled = empirical_gaussian(rows);
  const auto ridge = regularisation * torch::eye(d, torch::kFloat64);
  gaussian_mixture mixture;
  mixture.weights_ = torch::full({clusters}, 1.0 / clusters, torch::kFloat64);
  mixture.means_ =
      rows.index_select(0, torch::randperm(n, generator, torch::kInt64).narrow(0, 0, clusters));
  mixture.set_covariances(pooled.covariance.expand({clusters, d, d}) + ridge);
  double previous = -std::numeric_limits<double>::infinity();
  for (int i = 0; i < iterations; ++i) {
    const auto log_joint = mixture.log_joint(rows);
    const auto log_density = torch::logsumexp(log_joint, 1, /*keepdim=*/true);
    const double likelihood = log_density.mean().item<double>();
    if (likelihood - previous < 1e-6) break;
    previous = likelihood;
    // M step: each component's normal-inverse-Wishart posterior, its rows weighted by their
    // responsibilities and the pooled Gaussian weighing as one row (as in the local fits).
    const auto responsibility = (log_joint - log_density).exp();  // [n, K]
    const auto counts = responsibility.sum(0);                    // [K]
    const auto safe_counts = counts.clamp_min(1e-12).unsqueeze(1);
    const auto sample_means = responsibility.t().mm(rows) / safe_counts;  // [K, d]
    const auto centred = rows.unsqueeze(0) - sample_means.unsqueeze(1);   // [K, n, d]
    const auto weighted = centred * responsibility.t().unsqueeze(2);      // [K, n, d]
    const auto scatter = torch::bmm(weighted.transpose(1, 2), centred);   // [K, d, d]
    const auto shift = (sample_means - pooled.mean).unsqueeze(2);         // [K, d, 1]
    const auto total = (counts + 1).view({clusters, 1, 1});
    const auto pull = (counts / (counts + 1)).view({clusters, 1, 1});
    mixture.weights_ = counts / double(n);
    mixture.means_ = (pooled.mean + counts.unsqueeze(1) * sample_means) / (counts + 1).unsqueeze(1);
    mixture.set_covariances(
        (pooled.covariance + scatter + pull * torch::bmm(shift, shift.transpose(1, 2))) / total +
        ridge);
  }
  return mixture;
}

void gaussian_mixture::set_covariances(torch::Tensor covariances) {
  covariances_ = 0.5 * (covariances + covariances.transpose(1, 2));
  factors_ = torch::linalg::cholesky(covariances_);
}

torch::Tensor gaussian_mixture::log_joint(const torch::Tensor& rows) const {
  const auto d = double(rows.size(1));
  const auto offsets = (rows.unsqueeze(0) - means_.unsqueeze(1)).transpose(1, 2);  // [K, d, n]
  const auto whitened = torch::linalg_solve_triangular(factors_, offsets, /*upper=*/false);
  const auto log_determinants = 2 * factors_.diagonal(0, 1, 2).log().sum(1);  // [K]
  const auto log_normal =
      -0.5 * (whitened.pow(2).sum(1) + log_determinants.unsqueeze(1) + d * std::log(2 * M_PI));
  // A component that lost every row weighs 0: log 0 = -inf, which logsumexp takes in its stride.
  return (log_normal + weights_.log().unsqueeze(1)).t();
}

torch::Tensor gaussian_mixture::log_density(const torch::Tensor& rows) const {
  torch::NoGradGuard no_grad;
  return torch::logsumexp(log_joint(rows), 1);
}

gaussian gaussian_mixture::moments_near(const torch::Tensor& rows) const {
  torch::NoGradGuard no_grad;
  const auto share = torch::softmax(log_joint(rows), 1).mean(0);  // [K]
  const auto mean = share.matmul(means_);
  const auto spread = (means_ - mean).unsqueeze(2);  // [K, d, 1]
  const auto covariance =
      ((covariances_ + torch::bmm(spread, spread.transpose(1, 2))) * share.view({-1, 1, 1})).sum(0);
  return {mean, covariance};
}

}  // namespace amb::learners::naf
