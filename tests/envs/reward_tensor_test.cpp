// Every task's reward as tensors (what MAAC backpropagates through and iLQG differentiates)
// against the float reward the simulator's steps use, on real transitions.
#include <ATen/ATen.h>
#include <torch/csrc/autograd/autograd.h>

#include <algorithm>
#include <random>

#include "envs/registry.hpp"
#include "tests/torch_doctest.hpp"

using namespace amb;

namespace {

struct transitions {
  std::vector<float> obs, act, next_obs;
  size_t n = 0;
};

// `count` real transitions under random actions that go past the bounds now and then (so the
// clipping is exercised), across as many episodes as that takes.
transitions record(envs::environment& env, size_t count) {
  const auto& info = env.info();
  std::mt19937_64 rng(7);
  transitions t;
  std::vector<float> obs = env.reset(0);
  uint64_t episode = 0;
  while (t.n < count) {
    std::vector<float> action(info.act_dim);
    for (int i = 0; i < info.act_dim; ++i) {
      const float span = info.act_high[i] - info.act_low[i];
      std::uniform_real_distribution<float> draw(info.act_low[i] - 0.2f * span,
                                                 info.act_high[i] + 0.2f * span);
      action[i] = draw(rng);
    }
    const auto result = env.step(action);
    t.obs.insert(t.obs.end(), obs.begin(), obs.end());
    t.act.insert(t.act.end(), action.begin(), action.end());
    t.next_obs.insert(t.next_obs.end(), result.observation.begin(), result.observation.end());
    ++t.n;
    obs = (result.terminated || result.truncated) ? env.reset(++episode) : result.observation;
  }
  return t;
}

at::Tensor rows(std::vector<float>& values, size_t n, int columns) {
  return at::from_blob(values.data(), {static_cast<int64_t>(n), columns}, at::kFloat).clone();
}

}  // namespace

TEST_CASE("every task's reward as tensors equals its float reward on 1000 real transitions") {
  for (const auto& name : envs::env_names()) {
    CAPTURE(name);
    auto env = envs::make_env(name);
    const auto& info = env->info();
    auto t = record(*env, 1000);
    std::vector<float> expected(t.n);
    env->reward_batch(t.obs.data(), t.act.data(), t.next_obs.data(), t.n, expected.data());
    const auto got =
        env->reward_tensor(rows(t.obs, t.n, info.obs_dim), rows(t.act, t.n, info.act_dim),
                           rows(t.next_obs, t.n, info.obs_dim));
    REQUIRE(got.sizes() == at::IntArrayRef{static_cast<int64_t>(t.n)});
    double worst = 0;
    for (size_t i = 0; i < t.n; ++i)
      worst = std::max(worst, std::abs(got[i].item<double>() - expected[i]) /
                                  std::max(1.0, std::abs(double(expected[i]))));
    CHECK(worst <= 1e-5);
    // No task of ours ends early.
    CHECK(!env->terminal_tensor(rows(t.obs, 1, info.obs_dim), rows(t.act, 1, info.act_dim),
                                rows(t.next_obs, 1, info.obs_dim))
               .any()
               .item<bool>());
  }
}

TEST_CASE("every task's reward tensor has the gradient finite differences give") {
  for (const auto& name : envs::env_names()) {
    CAPTURE(name);
    auto env = envs::make_env(name);
    const auto& info = env->info();
    auto t = record(*env, 20);
    // In double precision, with the actions inside their bounds (the clip has a kink there).
    auto obs = rows(t.obs, t.n, info.obs_dim).to(at::kDouble);
    auto next = rows(t.next_obs, t.n, info.obs_dim).to(at::kDouble).requires_grad_(true);
    const auto low = at::tensor(at::ArrayRef<float>(info.act_low)).to(at::kDouble);
    const auto high = at::tensor(at::ArrayRef<float>(info.act_high)).to(at::kDouble);
    auto act = (low +
                (high - low) *
                    at::rand({static_cast<int64_t>(t.n), info.act_dim},
                             at::TensorOptions().dtype(at::kDouble)) *
                    0.8 +
                0.1 * (high - low))
                   .requires_grad_(true);
    const auto total = env->reward_tensor(obs, act, next).sum();
    const auto grads = torch::autograd::grad({total}, {act, next});
    auto reward_sum = [&](const at::Tensor& a, const at::Tensor& n) {
      return env->reward_tensor(obs, a, n).sum().item<double>();
    };
    const double eps = 1e-6;
    double worst = 0;
    at::NoGradGuard no_grad;
    for (int which = 0; which < 2; ++which) {
      const auto& x = which == 0 ? act : next;
      auto flat = x.detach().clone().reshape({-1});
      const auto analytic = grads[which].reshape({-1});
      for (int64_t i = 0; i < flat.numel(); i += std::max<int64_t>(1, flat.numel() / 60)) {
        const double keep = flat[i].item<double>();
        flat[i] = keep + eps;
        const auto plus = flat.reshape(x.sizes());
        const double up =
            which == 0 ? reward_sum(plus, next.detach()) : reward_sum(act.detach(), plus);
        flat[i] = keep - eps;
        const auto minus = flat.reshape(x.sizes());
        const double down =
            which == 0 ? reward_sum(minus, next.detach()) : reward_sum(act.detach(), minus);
        flat[i] = keep;
        const double numeric = (up - down) / (2 * eps);
        worst = std::max(worst, std::abs(numeric - analytic[i].item<double>()) /
                                    std::max(1.0, std::abs(numeric)));
      }
    }
    CHECK(worst < 1e-5);
  }
}
