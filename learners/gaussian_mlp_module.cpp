#include "learners/gaussian_mlp_module.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "learners/seeded_mlp.hpp"

namespace amb::learners {

gaussian_mlp_moduleImpl::gaussian_mlp_moduleImpl(int obs_dim_, int act_dim_,
                                                 const policy_config& config, uint64_t seed)
    : obs_dim(obs_dim_), act_dim(act_dim_) {
  if (obs_dim <= 0 || act_dim <= 0)
    throw std::invalid_argument("policy dims must be positive, got obs " + std::to_string(obs_dim) +
                                ", act " + std::to_string(act_dim));
  auto generator = at::detail::createCPUGenerator(seed);
  // The output layer starts near zero, so that the first actions are the exploration noise,
  // not an arbitrary drive.
  mlp = seeded_mlp({obs_dim, config.hidden, act_dim, activation::tanh, 1.0, 0.01}, generator,
                   sections_, "mlp");
  register_module("mlp", mlp);
  log_std = register_parameter("log_std", torch::full({act_dim}, config.init_log_std));
  sections_.add("log_std", log_std);
}

torch::Tensor gaussian_mlp_moduleImpl::mean(const torch::Tensor& obs) {
  return gaussian_mean(sections_.tensors, obs);
}

torch::Tensor gaussian_mlp_moduleImpl::log_prob(const torch::Tensor& obs,
                                                const torch::Tensor& act) {
  return gaussian_log_prob(sections_.tensors, obs, act);
}

torch::Tensor gaussian_mean(const std::vector<torch::Tensor>& theta, const torch::Tensor& obs) {
  const size_t layers = (theta.size() - 1) / 2;
  auto h = obs;
  for (size_t l = 0; l < layers; ++l) {
    const auto& weight = theta[2 * l];
    const auto& bias = theta[2 * l + 1];
    h = weight.dim() == 3 ? torch::baddbmm(bias.unsqueeze(1), h, weight.transpose(1, 2))
                          : torch::nn::functional::linear(h, weight, bias);
    if (l + 1 < layers) h = torch::tanh(h);
  }
  return h;
}

torch::Tensor gaussian_log_prob(const std::vector<torch::Tensor>& theta, const torch::Tensor& obs,
                                const torch::Tensor& act) {
  auto log_std = theta.back();
  if (log_std.dim() == 2) log_std = log_std.unsqueeze(1);  // stacked: [P, 1, act_dim]
  return gaussian_log_density(gaussian_mean(theta, obs), log_std, act);
}

torch::Tensor gaussian_log_density(const torch::Tensor& mean, const torch::Tensor& log_std,
                                   const torch::Tensor& act) {
  const auto z = (act - mean) * torch::exp(-log_std);
  return -0.5 * z.pow(2).sum(-1) - log_std.expand_as(act).sum(-1) -
         0.5 * act.size(-1) * std::log(2 * M_PI);
}

torch::Tensor mean_gaussian_kl(const torch::Tensor& old_mean, const torch::Tensor& old_log_std,
                               const torch::Tensor& new_mean, const torch::Tensor& new_log_std) {
  // Per dimension: log(s1/s0) + (s0^2 + (m0 - m1)^2) / (2 s1^2) - 1/2.
  const auto old_var = torch::exp(2 * old_log_std);
  const auto new_var = torch::exp(2 * new_log_std);
  const auto per_dim =
      new_log_std - old_log_std + (old_var + (old_mean - new_mean).pow(2)) / (2 * new_var) - 0.5;
  return per_dim.sum(-1).mean();
}

}  // namespace amb::learners
