#include "learners/advantages.hpp"

#include <torch/torch.h>

namespace amb::learners {

namespace {

// [N, T, features]
torch::Tensor features(const path_batch& paths) {
  const auto obs = paths.observations.slice(1, 0, -1).clamp(-10, 10);  // o_0 .. o_{T-1}
  const int64_t n = obs.size(0), t = obs.size(1);
  const auto time = (torch::arange(t, obs.options()) / 100.0).view({1, t, 1}).expand({n, t, 1});
  return torch::cat({obs, obs * obs, time, time * time, time * time * time, torch::ones_like(time)},
                    2);
}

}  // namespace

torch::Tensor linear_feature_baseline::predict(const path_batch& paths) const {
  if (!weights_.defined()) return torch::zeros_like(paths.rewards);
  return torch::matmul(features(paths), weights_);
}

void linear_feature_baseline::fit(const path_batch& paths, const torch::Tensor& returns) {
  const auto x = features(paths).reshape({-1, features(paths).size(2)}).to(torch::kFloat64);
  const auto y = returns.reshape({-1, 1}).to(torch::kFloat64);
  const auto xtx = torch::matmul(x.t(), x);
  const auto xty = torch::matmul(x.t(), y);
  const auto eye = torch::eye(xtx.size(0), xtx.options());
  // Ridge term grows until the solve is finite: features such as o^2 can be nearly collinear.
  for (double ridge = 1e-5; ridge < 1e5; ridge *= 10) {
    auto w = torch::linalg_solve(xtx + ridge * eye, xty);
    if (torch::isfinite(w).all().item<bool>()) {
      weights_ = w.squeeze(1).to(torch::kFloat32);
      return;
    }
  }
}

void linear_feature_baseline::save(state_writer& out) const {
  out.add(weights_.defined() ? weights_ : torch::empty({0}));
}

void linear_feature_baseline::load(state_reader& in) {
  auto weights = in.read_tensor();
  weights_ = weights.numel() > 0 ? weights : torch::Tensor();
}

advantage_estimate estimate_advantages(const path_batch& paths, const torch::Tensor& values,
                                       const advantage_config& config) {
  const auto& rewards = paths.rewards;
  const int64_t t_max = rewards.size(1);
  auto advantages = torch::zeros_like(rewards);
  auto returns = torch::zeros_like(rewards);
  auto next_advantage = torch::zeros({rewards.size(0)}, rewards.options());
  auto next_return = torch::zeros_like(next_advantage);
  auto next_value = torch::zeros_like(next_advantage);
  for (int64_t t = t_max - 1; t >= 0; --t) {
    const auto r = rewards.select(1, t);
    const auto v = values.select(1, t);
    const auto delta = r + config.discount * next_value - v;
    next_advantage = delta + config.discount * config.gae_lambda * next_advantage;
    next_return = r + config.discount * next_return;
    advantages.select(1, t).copy_(next_advantage);
    returns.select(1, t).copy_(next_return);
    next_value = v;
  }
  return {advantages, returns};
}

}  // namespace amb::learners
