#include "learners/ensemble_network.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

namespace amb::learners {

ensemble_networkImpl::ensemble_networkImpl(int obs_dim_, int act_dim_, const ensemble_config& c,
                                           uint64_t seed)
    : obs_dim(obs_dim_), act_dim(act_dim_), config(c) {
  if (c.members < 1) throw std::invalid_argument("an ensemble needs at least one member");
  auto generator = at::detail::createCPUGenerator(seed);
  std::vector<int> sizes = c.hidden;
  sizes.push_back(c.probabilistic ? 2 * obs_dim : obs_dim);
  int in = obs_dim + act_dim;
  for (size_t l = 0; l < sizes.size(); ++l) {
    // He initialisation for ReLU layers, from our own generator (reproducible per seed).
    const double scale = std::sqrt(2.0 / in);
    auto w = register_parameter("weight" + std::to_string(l),
                                torch::randn({c.members, in, sizes[l]}, generator) * scale);
    auto b = register_parameter("bias" + std::to_string(l), torch::zeros({c.members, 1, sizes[l]}));
    weights_.push_back(w);
    biases_.push_back(b);
    in = sizes[l];
  }
  input_mean_ = register_buffer("input_mean", torch::zeros({obs_dim + act_dim}));
  input_std_ = register_buffer("input_std", torch::ones({obs_dim + act_dim}));
  change_mean_ = register_buffer("change_mean", torch::zeros({obs_dim}));
  change_std_ = register_buffer("change_std", torch::ones({obs_dim}));
  for (size_t l = 0; l < weights_.size(); ++l) {
    sections_.add("weight" + std::to_string(l), weights_[l]);
    sections_.add("bias" + std::to_string(l), biases_[l]);
  }
  member_tensors_ = sections_.tensors;
  sections_.add("input_mean", input_mean_);
  sections_.add("input_std", input_std_);
  sections_.add("change_mean", change_mean_);
  sections_.add("change_std", change_std_);
}

torch::Tensor ensemble_networkImpl::forward(const torch::Tensor& x) {
  auto h = x;
  for (size_t l = 0; l < weights_.size(); ++l) {
    h = torch::baddbmm(biases_[l], h, weights_[l]);  // [K, B, out] = b + h W, all members at once
    if (l + 1 < weights_.size()) h = torch::relu(h);
  }
  if (!config.probabilistic) return h;
  auto mean = h.slice(2, 0, obs_dim);
  auto log_var = h.slice(2, obs_dim);
  // Soft bounds keep the variance from collapsing or exploding while staying differentiable.
  log_var = config.max_log_var - torch::softplus(config.max_log_var - log_var);
  log_var = config.min_log_var + torch::softplus(log_var - config.min_log_var);
  return torch::cat({mean, log_var}, 2);
}

torch::Tensor ensemble_networkImpl::normalise_input(const torch::Tensor& obs,
                                                    const torch::Tensor& act) const {
  return (torch::cat({obs, act}, 1) - input_mean_) / input_std_;
}

torch::Tensor ensemble_networkImpl::normalise_target(const torch::Tensor& obs,
                                                     const torch::Tensor& next_obs) const {
  return (next_obs - obs - change_mean_) / change_std_;
}

torch::Tensor ensemble_networkImpl::member_outputs(const torch::Tensor& obs,
                                                   const torch::Tensor& act,
                                                   const torch::Tensor& members) {
  const int64_t k = config.members, b = obs.size(0);
  const auto x = normalise_input(obs, act).unsqueeze(0).expand({k, b, obs_dim + act_dim});
  const auto out = forward(x.contiguous());  // [K, B, out]
  const int64_t width = out.size(2);
  return out.gather(0, members.view({1, b, 1}).expand({1, b, width})).squeeze(0);
}

torch::Tensor ensemble_networkImpl::next_states(const torch::Tensor& obs,
                                                const torch::Tensor& normalised_change) {
  const auto clipped = normalised_change.clamp(-config.prediction_clip, config.prediction_clip);
  return obs + clipped * change_std_ + change_mean_;
}

torch::Tensor ensemble_networkImpl::predict(const torch::Tensor& obs, const torch::Tensor& act,
                                            const torch::Tensor& members) {
  return next_states(obs, member_outputs(obs, act, members).slice(1, 0, obs_dim));
}

torch::Tensor ensemble_networkImpl::sample(const torch::Tensor& obs, const torch::Tensor& act,
                                           const torch::Tensor& members,
                                           const torch::Tensor& noise) {
  const auto out = member_outputs(obs, act, members);
  const auto mean = out.slice(1, 0, obs_dim);
  if (!config.probabilistic) return next_states(obs, mean);
  const auto std = torch::exp(0.5 * out.slice(1, obs_dim));
  return next_states(obs, mean + std * noise);
}

void ensemble_networkImpl::fit_normalisers(const torch::Tensor& inputs,
                                           const torch::Tensor& changes) {
  torch::NoGradGuard no_grad;
  if (inputs.size(0) < 2) return;  // no spread to measure yet
  // A floor on the spread: a constant input (a joint at its limit) must not divide by zero.
  input_mean_.copy_(inputs.mean(0));
  input_std_.copy_(inputs.std(0).clamp_min(1e-6));
  change_mean_.copy_(changes.mean(0));
  change_std_.copy_(changes.std(0).clamp_min(1e-6));
}

}  // namespace amb::learners
