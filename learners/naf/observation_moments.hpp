#pragma once

// The mean, standard deviation and range of every observation the data buffer delivered, kept
// as running sums and bounds: what NAF's Q network normalises its inputs by, and the box its
// imagined states are kept in.

#include <torch/types.h>

#include "learners/learner.hpp"

namespace amb::learners::naf {

class observation_moments {
 public:
  explicit observation_moments(int obs_dim);

  /// Counts the states x_0 .. x_{T-1} of the episode (those transitions start from).
  void add(const episode_view& episode);

  /// [obs_dim]: zeros before any data.
  torch::Tensor mean() const;
  /// [obs_dim]: ones before any data; at least `floor`. With 1, only dimensions that spread
  /// more than a unit (joint velocities) are scaled down: a floor of 0.01 made the cart-pole's
  /// early, nearly constant cosine a huge input once the pole swung, and NAF stopped learning.
  torch::Tensor std(double floor = 1.0) const;
  /// [obs_dim] each: the smallest and largest value seen (empty tensors before any data).
  const torch::Tensor& low() const { return low_; }
  const torch::Tensor& high() const { return high_; }

 private:
  int obs_dim_;
  double count_ = 0;
  torch::Tensor sum_, squares_;  // float64 [obs_dim]
  torch::Tensor low_, high_;     // float32 [obs_dim]
};

}  // namespace amb::learners::naf
