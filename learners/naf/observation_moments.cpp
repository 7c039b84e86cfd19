#include "learners/naf/observation_moments.hpp"

#include <torch/torch.h>

namespace amb::learners::naf {

observation_moments::observation_moments(int obs_dim)
    : obs_dim_(obs_dim),
      sum_(torch::zeros({obs_dim}, torch::kFloat64)),
      squares_(torch::zeros({obs_dim}, torch::kFloat64)) {}

void observation_moments::add(const episode_view& e) {
  const auto n = static_cast<int64_t>(e.length);
  if (n == 0) return;
  const auto raw = torch::from_blob(const_cast<float*>(e.observations), {n, obs_dim_});
  const auto lowest = std::get<0>(raw.min(0)), highest = std::get<0>(raw.max(0));
  low_ = low_.defined() ? torch::min(low_, lowest) : lowest.clone();
  high_ = high_.defined() ? torch::max(high_, highest) : highest.clone();
  const auto states = raw.to(torch::kFloat64);
  sum_ += states.sum(0);
  squares_ += states.pow(2).sum(0);
  count_ += double(n);
}

torch::Tensor observation_moments::mean() const {
  if (count_ == 0) return torch::zeros({obs_dim_});
  return (sum_ / count_).to(torch::kFloat32);
}

torch::Tensor observation_moments::std(double floor) const {
  if (count_ == 0) return torch::ones({obs_dim_});
  const auto mean = sum_ / count_;
  return (squares_ / count_ - mean.pow(2)).clamp_min(0).sqrt().clamp_min(floor).to(torch::kFloat32);
}

}  // namespace amb::learners::naf
