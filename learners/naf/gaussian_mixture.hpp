#pragma once

// A mixture of Gaussians over the rows [x_t; u_t; x_{t+1}] of many past episodes, the prior of
// the local linear models that guided policy search fits (Levine, Finn et al. 2016, appendix
// A.3). The pooled Gaussian of the latest episodes is one broad linear model; the mixture holds
// one per region the data has visited, so the prior of a step is the blend of the regions its
// few samples fall in, and imagination leaving those samples meets dynamics learnt nearby.

#include <ATen/core/Generator.h>
#include <torch/types.h>

namespace amb::learners::naf {

/// A Gaussian in float64: mean [d], covariance [d, d].
struct gaussian {
  torch::Tensor mean;
  torch::Tensor covariance;
};

/// The sample mean and covariance (divided by n) of rows [n, d].
gaussian empirical_gaussian(const torch::Tensor& rows);

class gaussian_mixture {
 public:
  /// Fits `clusters` components to rows [n, d] (float64, n >= clusters) by expectation
  /// maximisation, from means at distinct rows drawn with `generator`, until the mean log
  /// likelihood gains less than 1e-6 or after `iterations`. Each covariance is pulled towards
  /// the rows' pooled covariance with the weight of one row and gets `regularisation` on its
  /// diagonal, so that a component holding fewer rows than dimensions stays definite.
  static gaussian_mixture fit(const torch::Tensor& rows, int clusters, double regularisation,
                              at::Generator& generator, int iterations = 100);

  int clusters() const { return static_cast<int>(means_.size(0)); }
  const torch::Tensor& weights() const { return weights_; }  // [K], summing to 1
  const torch::Tensor& means() const { return means_; }      // [K, d]

  /// log p(row) under the mixture for each of rows [n, d]: [n].
  torch::Tensor log_density(const torch::Tensor& rows) const;

  /// The single Gaussian with the moments of the mixture reweighted to `rows` [n, d]: each
  /// component weighs as its mean responsibility for those rows.
  gaussian moments_near(const torch::Tensor& rows) const;

 private:
  // log w_k + log N(row | μ_k, Σ_k): [n, K].
  torch::Tensor log_joint(const torch::Tensor& rows) const;
  void set_covariances(torch::Tensor covariances);

  torch::Tensor weights_;      // [K]
  torch::Tensor means_;        // [K, d]
  torch::Tensor covariances_;  // [K, d, d]
  torch::Tensor factors_;      // their lower Cholesky factors
};

}  // namespace amb::learners::naf
