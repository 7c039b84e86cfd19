#include "learners/gaussian_mlp_policy.hpp"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "learners/gaussian_mlp_module.hpp"

namespace amb::learners {

struct gaussian_mlp_policy::impl {
  gaussian_mlp_module module;
};

gaussian_mlp_policy::gaussian_mlp_policy(int obs_dim, int act_dim, const policy_config& config,
                                         uint64_t seed)
    : impl_(std::make_unique<impl>(impl{gaussian_mlp_module(obs_dim, act_dim, config, seed)})) {}

gaussian_mlp_policy::~gaussian_mlp_policy() = default;
gaussian_mlp_policy::gaussian_mlp_policy(gaussian_mlp_policy&&) noexcept = default;
gaussian_mlp_policy& gaussian_mlp_policy::operator=(gaussian_mlp_policy&&) noexcept = default;

int gaussian_mlp_policy::obs_dim() const {
  return impl_->module->obs_dim;
}
int gaussian_mlp_policy::act_dim() const {
  return impl_->module->act_dim;
}

size_t gaussian_mlp_policy::parameter_count() const {
  return value_count(impl_->module->ordered_parameters());
}

parameter_set gaussian_mlp_policy::parameters() const {
  return parameter_set_of(impl_->module->sections());
}

void gaussian_mlp_policy::set_parameters(const parameter_view& theta) {
  load_parameter_view(impl_->module->sections(), theta, "policy θ");
}

void gaussian_mlp_policy::mean_action(const float* obs, float* action) const {
  torch::InferenceMode inference;
  auto& m = impl_->module;  // forward() is not const in LibTorch
  auto input = torch::from_blob(const_cast<float*>(obs), {1, m->obs_dim});
  auto output = m->mean(input).contiguous();
  std::copy_n(output.data_ptr<float>(), m->act_dim, action);
}

void gaussian_mlp_policy::sample_action(const float* obs, float* action,
                                        std::mt19937_64& rng) const {
  mean_action(obs, action);
  const float* log_std = impl_->module->log_std.data_ptr<float>();
  std::normal_distribution<float> standard_normal(0.0f, 1.0f);
  for (int i = 0; i < impl_->module->act_dim; ++i)
    action[i] += std::exp(log_std[i]) * standard_normal(rng);
}

}  // namespace amb::learners
