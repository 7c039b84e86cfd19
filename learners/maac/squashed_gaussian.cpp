#include "learners/maac/squashed_gaussian.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

#include "learners/seeded_mlp.hpp"

namespace amb::learners::maac {

squashed_gaussianImpl::squashed_gaussianImpl(int obs_dim_, const std::vector<int>& hidden,
                                             const std::vector<float>& low,
                                             const std::vector<float>& high, uint64_t seed)
    : obs_dim(obs_dim_), act_dim(static_cast<int>(low.size())) {
  if (obs_dim <= 0 || act_dim <= 0 || high.size() != low.size())
    throw std::invalid_argument("squashed Gaussian: obs " + std::to_string(obs_dim) +
                                ", action bounds of " + std::to_string(low.size()) + " and " +
                                std::to_string(high.size()) + " dimensions");
  auto generator = at::detail::createCPUGenerator(seed);
  // A small output layer, so that the first actions are the exploration noise.
  trunk_ = seeded_mlp({obs_dim, hidden, 2 * act_dim, activation::relu, std::sqrt(2.0), 0.01},
                      generator, sections_, "trunk");
  register_module("trunk", trunk_);
  const auto lo = torch::tensor(low), hi = torch::tensor(high);
  // Buffers, so that a conversion of the module (to double, for a test) converts them too.
  centre_ = register_buffer("centre", (hi + lo) / 2);
  half_range_ = register_buffer("half_range", (hi - lo) / 2);
}

std::pair<torch::Tensor, torch::Tensor> squashed_gaussianImpl::gaussian(const torch::Tensor& obs) {
  const auto out = trunk_->forward(obs);
  return {out.slice(-1, 0, act_dim), out.slice(-1, act_dim).clamp(-20, 2)};
}

squashed_sample squashed_gaussianImpl::sample(const torch::Tensor& obs,
                                              const torch::Tensor& noise) {
  const auto [mean, log_std] = gaussian(obs);
  const auto u = mean + torch::exp(log_std) * noise;
  const auto squashed = torch::tanh(u);
  // log N(u) - Σ log(d a / d u), with d a / d u = half_range (1 - tanh²(u)); the stable form
  // log(1 - tanh²(u)) = 2 (log 2 - u - softplus(-2u)).
  const auto gaussian_log_prob = (-0.5 * noise.pow(2) - log_std - 0.5 * std::log(2 * M_PI)).sum(-1);
  const auto log_jacobian =
      (2 * (std::log(2.0) - u - torch::nn::functional::softplus(-2 * u)) + torch::log(half_range_))
          .sum(-1);
  return {centre_ + half_range_ * squashed, gaussian_log_prob - log_jacobian};
}

torch::Tensor squashed_gaussianImpl::mean_action(const torch::Tensor& obs) {
  return centre_ + half_range_ * torch::tanh(gaussian(obs).first);
}

}  // namespace amb::learners::maac
