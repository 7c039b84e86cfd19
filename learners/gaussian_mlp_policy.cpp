#include "learners/gaussian_mlp_policy.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace amb::learners {

struct gaussian_mlp_policy::impl {
  int obs_dim;
  int act_dim;
  torch::nn::Sequential mean;
  torch::Tensor log_std;              // [act_dim]
  std::vector<torch::Tensor> params;  // every tensor of θ, in the flat layout's order
};

gaussian_mlp_policy::gaussian_mlp_policy(int obs_dim, int act_dim, const policy_config& config,
                                         uint64_t seed)
    : impl_(std::make_unique<impl>()) {
  if (obs_dim <= 0 || act_dim <= 0)
    throw std::invalid_argument("policy dims must be positive, got obs " + std::to_string(obs_dim) +
                                ", act " + std::to_string(act_dim));
  impl_->obs_dim = obs_dim;
  impl_->act_dim = act_dim;
  auto generator = at::detail::createCPUGenerator(seed);
  torch::NoGradGuard no_grad;
  int in = obs_dim;
  std::vector<int> sizes = config.hidden;
  sizes.push_back(act_dim);
  for (size_t i = 0; i < sizes.size(); ++i) {
    const bool output = i + 1 == sizes.size();
    torch::nn::Linear layer(in, sizes[i]);
    // Scaled Gaussian initialisation from our own generator (torch's default init draws from a
    // global generator that other threads share). The output layer starts near zero so the
    // first actions are the exploration noise, not an arbitrary drive.
    const double scale = (output ? 0.01 : 1.0) / std::sqrt(static_cast<double>(in));
    layer->weight.copy_(torch::randn({sizes[i], in}, generator) * scale);
    layer->bias.zero_();
    impl_->mean->push_back(layer);
    if (!output) impl_->mean->push_back(torch::nn::Tanh());
    impl_->params.push_back(layer->weight);
    impl_->params.push_back(layer->bias);
    in = sizes[i];
  }
  impl_->log_std = torch::full({act_dim}, config.init_log_std);
  impl_->params.push_back(impl_->log_std);
}

gaussian_mlp_policy::~gaussian_mlp_policy() = default;
gaussian_mlp_policy::gaussian_mlp_policy(gaussian_mlp_policy&&) noexcept = default;
gaussian_mlp_policy& gaussian_mlp_policy::operator=(gaussian_mlp_policy&&) noexcept = default;

int gaussian_mlp_policy::obs_dim() const {
  return impl_->obs_dim;
}
int gaussian_mlp_policy::act_dim() const {
  return impl_->act_dim;
}

size_t gaussian_mlp_policy::parameter_count() const {
  size_t count = 0;
  for (const auto& p : impl_->params) count += p.numel();
  return count;
}

std::vector<float> gaussian_mlp_policy::parameters() const {
  std::vector<float> flat;
  flat.reserve(parameter_count());
  for (const auto& p : impl_->params) {
    auto contiguous = p.contiguous();
    const float* data = contiguous.data_ptr<float>();
    flat.insert(flat.end(), data, data + contiguous.numel());
  }
  return flat;
}

void gaussian_mlp_policy::set_parameters(const float* values, size_t count) {
  if (count != parameter_count())
    throw std::invalid_argument("policy θ has " + std::to_string(count) + " values, expected " +
                                std::to_string(parameter_count()));
  torch::NoGradGuard no_grad;
  size_t offset = 0;
  for (auto& p : impl_->params) {
    auto source = torch::from_blob(const_cast<float*>(values + offset), p.sizes());
    p.copy_(source);
    offset += p.numel();
  }
}

void gaussian_mlp_policy::mean_action(const float* obs, float* action) const {
  torch::InferenceMode inference;
  auto input = torch::from_blob(const_cast<float*>(obs), {1, impl_->obs_dim});
  auto output = impl_->mean->forward(input).contiguous();
  std::copy_n(output.data_ptr<float>(), impl_->act_dim, action);
}

void gaussian_mlp_policy::sample_action(const float* obs, float* action,
                                        std::mt19937_64& rng) const {
  mean_action(obs, action);
  const float* log_std = impl_->log_std.data_ptr<float>();
  std::normal_distribution<float> standard_normal(0.0f, 1.0f);
  for (int i = 0; i < impl_->act_dim; ++i) action[i] += std::exp(log_std[i]) * standard_normal(rng);
}

}  // namespace amb::learners
