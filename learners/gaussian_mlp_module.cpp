#include "learners/gaussian_mlp_module.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace amb::learners {

gaussian_mlp_moduleImpl::gaussian_mlp_moduleImpl(int obs_dim_, int act_dim_,
                                                 const policy_config& config, uint64_t seed)
    : obs_dim(obs_dim_), act_dim(act_dim_) {
  if (obs_dim <= 0 || act_dim <= 0)
    throw std::invalid_argument("policy dims must be positive, got obs " + std::to_string(obs_dim) +
                                ", act " + std::to_string(act_dim));
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
    mlp->push_back(layer);
    if (!output) mlp->push_back(torch::nn::Tanh());
    // Named as torch names them in the Sequential ("mlp.2.weight"; tanh layers between).
    const auto prefix = "mlp." + std::to_string(2 * i) + ".";
    sections_.add(prefix + "weight", layer->weight);
    sections_.add(prefix + "bias", layer->bias);
    in = sizes[i];
  }
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
