#include "learners/naf/normalized_q.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

#include "learners/seeded_mlp.hpp"

namespace amb::learners::naf {

torch::Tensor lower_triangular_factor(const torch::Tensor& raw, int act_dim) {
  const auto entries = torch::tril_indices(act_dim, act_dim);
  const auto rows = entries[0], columns = entries[1];
  const auto diagonal = rows.eq(columns);
  const auto values = torch::where(diagonal, raw.clamp(-10, std::log(max_factor_entry)).exp(),
                                   max_factor_entry * torch::tanh(raw / max_factor_entry));
  const auto n = raw.size(0);
  return torch::zeros({n, act_dim, act_dim}, raw.options())
      .index_put({torch::arange(n).unsqueeze(1), rows.unsqueeze(0), columns.unsqueeze(0)}, values);
}

normalized_qImpl::normalized_qImpl(int obs_dim_, const std::vector<int>& hidden,
                                   const std::vector<float>& low, const std::vector<float>& high,
                                   uint64_t seed)
    : obs_dim(obs_dim_), act_dim(static_cast<int>(low.size())) {
  if (obs_dim <= 0 || act_dim <= 0 || high.size() != low.size())
    throw std::invalid_argument("NAF Q network: obs " + std::to_string(obs_dim) +
                                ", action bounds of " + std::to_string(low.size()) + " and " +
                                std::to_string(high.size()) + " dimensions");
  auto generator = at::detail::createCPUGenerator(seed);
  const double relu_gain = std::sqrt(2.0);
  value_ = register_module("value", seeded_mlp({obs_dim, hidden, 1, activation::relu, relu_gain, 1},
                                               generator, value_sections_, "value"));
  // Small outputs: the first greedy actions sit mid-range and P starts near the identity.
  mean_ = register_module(
      "mean", seeded_mlp({obs_dim, hidden, act_dim, activation::relu, relu_gain, 0.01}, generator,
                         sections_, "mean"));
  cholesky_ = register_module("cholesky", seeded_mlp({obs_dim, hidden, act_dim * (act_dim + 1) / 2,
                                                      activation::relu, relu_gain, 0.01},
                                                     generator, sections_, "cholesky"));
  sections_.append(value_sections_);
  target_value_ = register_module(
      "target_value", seeded_mlp({obs_dim, hidden, 1, activation::relu, relu_gain, 1}, generator,
                                 target_, "target_value"));
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < target_.tensors.size(); ++i) {
    target_.tensors[i].copy_(value_sections_.tensors[i]);
    target_.tensors[i].set_requires_grad(false);
  }
  const auto lo = torch::tensor(low), hi = torch::tensor(high);
  centre_ = register_buffer("centre", (hi + lo) / 2);
  half_range_ = register_buffer("half_range", (hi - lo) / 2);
  obs_mean_ = register_buffer("obs_mean", torch::zeros({obs_dim}));
  obs_std_ = register_buffer("obs_std", torch::ones({obs_dim}));
  theta_ = sections_;
  theta_.add("normaliser.mean", obs_mean_);
  theta_.add("normaliser.std", obs_std_);
}

void normalized_qImpl::set_observation_normaliser(const torch::Tensor& mean,
                                                  const torch::Tensor& std) {
  torch::NoGradGuard no_grad;
  obs_mean_.copy_(mean);
  obs_std_.copy_(std);
}

torch::Tensor normalized_qImpl::normalised(const torch::Tensor& obs) const {
  return (obs - obs_mean_) / obs_std_;
}

torch::Tensor normalized_qImpl::state_value(const torch::Tensor& obs) {
  return value_->forward(normalised(obs)).squeeze(-1);
}

torch::Tensor normalized_qImpl::target_state_value(const torch::Tensor& obs) {
  torch::NoGradGuard no_grad;
  return target_value_->forward(normalised(obs)).squeeze(-1);
}

torch::Tensor normalized_qImpl::greedy_action(const torch::Tensor& obs) {
  return centre_ + half_range_ * torch::tanh(mean_->forward(normalised(obs)));
}

torch::Tensor normalized_qImpl::cholesky_factor(const torch::Tensor& obs) {
  return lower_triangular_factor(cholesky_->forward(normalised(obs)), act_dim);
}

torch::Tensor normalized_qImpl::value(const torch::Tensor& obs, const torch::Tensor& act) {
  const auto [v, a] = value_parts(obs, act);
  return v - a;
}

normalized_qImpl::parts normalized_qImpl::value_parts(const torch::Tensor& obs,
                                                      const torch::Tensor& act) {
  // ½ (u - μ)ᵀ L Lᵀ (u - μ) = ½ |Lᵀ (u - μ)|², without forming P.
  const auto offset = (act - greedy_action(obs)).unsqueeze(-1);
  const auto projected = torch::matmul(cholesky_factor(obs).transpose(-1, -2), offset);
  return {state_value(obs), 0.5 * projected.pow(2).sum({-2, -1})};
}

void normalized_qImpl::soft_update(double tau) {
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < target_.tensors.size(); ++i)
    target_.tensors[i].mul_(1 - tau).add_(value_sections_.tensors[i], tau);
}

}  // namespace amb::learners::naf
