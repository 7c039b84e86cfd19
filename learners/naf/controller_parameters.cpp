#include "learners/naf/controller_parameters.hpp"

#include <torch/torch.h>

#include <algorithm>

namespace amb::learners::naf {

controller_parameters::controller_parameters(const envs::env_info& info, double initial_noise)
    : info_(info), noise_(static_cast<size_t>(info.act_dim)) {
  const auto low = torch::tensor(info.act_low), high = torch::tensor(info.act_high);
  const auto initial = linear_gaussian_controller::constant(
      info.horizon, info.obs_dim, 0.5 * (low + high), initial_noise * 0.5 * (high - low));
  gain_ = initial.gain;
  offset_ = initial.offset;
  factor_ = initial.factor;
  steps_ = torch::zeros({1});
}

named_tensors controller_parameters::sections() const {
  named_tensors named;
  named.add("controller.gain", gain_);
  named.add("controller.offset", offset_);
  named.add("controller.factor", factor_);
  named.add("controller.steps", steps_);
  return named;
}

double controller_parameters::steps() const {
  return steps_.item<double>();
}

linear_gaussian_controller controller_parameters::controller() const {
  return {gain_.to(torch::kFloat64), offset_.to(torch::kFloat64), factor_.to(torch::kFloat64)};
}

void controller_parameters::assign_step(const linear_gaussian_controller& planned) {
  torch::NoGradGuard no_grad;
  gain_.copy_(planned.gain);
  offset_.copy_(planned.offset);
  factor_.copy_(planned.factor);
  steps_ += 1;
}

void controller_parameters::assign(const controller_parameters& other) {
  torch::NoGradGuard no_grad;
  const auto to = sections().tensors, from = other.sections().tensors;
  for (size_t i = 0; i < to.size(); ++i) to[i].copy_(from[i]);
}

void controller_parameters::act(const float* observation, int t, bool explore, std::mt19937_64& rng,
                                float* action) {
  const int n = info_.obs_dim, m = info_.act_dim;
  const int step = std::clamp(t, 0, static_cast<int>(gain_.size(0)) - 1);
  // Step t's rows of the contiguous tensors: no tensor is made on the collector's step.
  const float* gain = gain_.data_ptr<float>() + step * m * n;  // row-major [m, n]
  const float* offset = offset_.data_ptr<float>() + step * m;
  const float* factor = factor_.data_ptr<float>() + step * m * m;  // lower triangular [m, m]
  std::normal_distribution<float> normal;
  for (auto& e : noise_) e = explore ? normal(rng) : 0.0f;
  for (int i = 0; i < m; ++i) {
    float u = offset[i];
    for (int j = 0; j < n; ++j) u += gain[i * n + j] * observation[j];
    for (int j = 0; j <= i; ++j) u += factor[i * m + j] * noise_[size_t(j)];
    action[i] = std::clamp(u, info_.act_low[size_t(i)], info_.act_high[size_t(i)]);
  }
}

}  // namespace amb::learners::naf
