// Conjugate gradient, advantages, TRPO and PPO on fixed problems.
#include <ATen/CPUGeneratorImpl.h>
#include <doctest/doctest.h>
#include <torch/torch.h>

#include "learners/advantages.hpp"
#include "learners/conjugate_gradient.hpp"
#include "learners/flat_parameters.hpp"
#include "learners/gaussian_fisher.hpp"
#include "learners/gaussian_mlp_module.hpp"
#include "learners/ppo.hpp"
#include "learners/trpo.hpp"

using namespace amb::learners;

namespace {

double metric(const metrics& m, const std::string& name) {
  for (const auto& [key, value] : m)
    if (key == name) return value;
  FAIL("no metric " << name);
  return 0;
}

// A fixed policy-gradient problem: random observations and actions from the policy, with
// advantages that reward pushing the first action dimension up.
struct fixed_problem {
  gaussian_mlp_module policy{4, 2, policy_config{{16}, -0.5f}, 3};
  torch::Tensor obs, act, adv;
  fixed_problem() {
    auto generator = at::detail::createCPUGenerator(11);
    obs = torch::randn({512, 4}, generator);
    torch::NoGradGuard no_grad;
    act = policy->mean(obs) + torch::exp(policy->log_std) * torch::randn({512, 2}, generator);
    adv = act.select(1, 0).clone();
  }
};

}  // namespace

TEST_CASE("conjugate gradient solves a known symmetric positive definite system") {
  auto generator = at::detail::createCPUGenerator(5);
  const auto m = torch::randn({20, 20}, generator, torch::kFloat64);
  const auto a = torch::matmul(m, m.t()) + 20 * torch::eye(20, torch::kFloat64);
  const auto x_true = torch::randn({20}, generator, torch::kFloat64);
  const auto b = torch::matmul(a, x_true);
  // Stopping at a squared residual of 1e-24 leaves an error far below the 1e-8 checked.
  const auto x =
      conjugate_gradient([&](const torch::Tensor& v) { return torch::matmul(a, v); }, b, 50, 1e-24);
  CHECK(torch::allclose(x, x_true, 1e-8, 1e-8));
  // With few iterations it is an approximation, but already closer than the start (x = 0).
  const auto rough =
      conjugate_gradient([&](const torch::Tensor& v) { return torch::matmul(a, v); }, b, 3);
  CHECK((rough - x_true).norm().item<double>() < x_true.norm().item<double>());
}

TEST_CASE("with lambda = 1 an advantage is the discounted return minus the value") {
  path_batch paths;
  paths.observations = torch::zeros({1, 4, 1});
  paths.actions = torch::zeros({1, 3, 1});
  paths.rewards = torch::tensor({{1.0f, 2.0f, 3.0f}});
  const auto values = torch::tensor({{0.5f, 0.25f, 0.0f}});
  auto estimate = estimate_advantages(paths, values, {0.5, 1.0});
  // Returns: 3; 2 + 0.5*3 = 3.5; 1 + 0.5*3.5 = 2.75.
  CHECK(estimate.returns[0][0].item<float>() == doctest::Approx(2.75));
  CHECK(estimate.returns[0][1].item<float>() == doctest::Approx(3.5));
  CHECK(estimate.advantages[0][0].item<float>() == doctest::Approx(2.75 - 0.5));
  CHECK(estimate.advantages[0][1].item<float>() == doctest::Approx(3.5 - 0.25));
  // With lambda = 0 it is the one-step TD error r + gamma V' - V.
  auto td = estimate_advantages(paths, values, {0.5, 0.0});
  CHECK(td.advantages[0][0].item<float>() == doctest::Approx(1 + 0.5 * 0.25 - 0.5));
}

TEST_CASE("the linear feature baseline fits returns that depend on state and time") {
  auto generator = at::detail::createCPUGenerator(2);
  path_batch paths;
  paths.observations = torch::randn({32, 21, 3}, generator);
  paths.actions = torch::zeros({32, 20, 1});
  paths.rewards = torch::zeros({32, 20});
  const auto time = torch::arange(20).to(torch::kFloat32).view({1, 20});
  const auto returns = 2 * paths.observations.slice(1, 0, 20).select(2, 0) + 0.1 * time;
  linear_feature_baseline baseline;
  CHECK(baseline.predict(paths).abs().sum().item<float>() == 0);  // before any fit
  baseline.fit(paths, returns);
  const auto error = (baseline.predict(paths) - returns).pow(2).mean().item<double>();
  CHECK(error < 1e-3 * returns.pow(2).mean().item<double>());
}

TEST_CASE("the closed-form Fisher product is the KL's Hessian by double backprop") {
  // Two tanh layers, so that the products go through a hidden layer's slope twice.
  auto generator = at::detail::createCPUGenerator(5);
  const auto options = torch::TensorOptions().dtype(torch::kFloat64);
  std::vector<torch::Tensor> theta;
  for (const auto& shape :
       std::vector<std::vector<int64_t>>{{7, 5}, {7}, {6, 7}, {6}, {3, 6}, {3}, {3}})
    theta.push_back(torch::randn(shape, generator, options).requires_grad_());
  const auto obs = torch::randn({40, 5}, generator, options);
  const auto v = torch::randn({int64_t(value_count(theta))}, generator, options);
  const auto old_mean = gaussian_mean(theta, obs).detach();
  const auto old_log_std = theta.back().detach().clone();
  const auto kl = mean_gaussian_kl(old_mean, old_log_std, gaussian_mean(theta, obs), theta.back());
  const auto kl_gradient = flatten(torch::autograd::grad({kl}, theta, {}, true, true));
  const auto expected = flatten(torch::autograd::grad({(kl_gradient * v).sum()}, theta));
  const auto product = gaussian_fisher_product(theta, obs);
  CHECK(torch::allclose(product(v), expected, 1e-9, 1e-12));
  // The product is of θ₀: a later change to θ (a line search's) does not enter.
  {
    torch::NoGradGuard no_grad;
    for (auto& t : theta) t.mul_(2);
  }
  CHECK(torch::allclose(product(v), expected, 1e-9, 1e-12));
}

TEST_CASE("a TRPO step improves the surrogate and respects its KL bound") {
  // Its curvature on every sample, and estimated on every 5th.
  for (int fisher_stride : {1, 5})
    for (double max_kl : {0.001, 0.01, 0.05}) {
      CAPTURE(fisher_stride);
      CAPTURE(max_kl);
      fixed_problem p;
      torch::Tensor old_mean;
      const auto old_log_std = p.policy->log_std.detach().clone();
      {
        torch::NoGradGuard no_grad;
        old_mean = p.policy->mean(p.obs);
      }
      trpo_config config;
      config.max_kl = max_kl;
      config.fisher_stride = fisher_stride;
      auto m = trpo_step(p.policy, p.obs, p.act, p.adv, config);
      CHECK(metric(m, "accepted") == 1);
      CHECK(metric(m, "surrogate_after") > metric(m, "surrogate_before"));
      torch::NoGradGuard no_grad;
      const double kl =
          mean_gaussian_kl(old_mean, old_log_std, p.policy->mean(p.obs), p.policy->log_std)
              .item<double>();
      CHECK(kl <= max_kl * 1.0001);
      CHECK(kl > max_kl * 0.05);  // and it does move: not a trivially tiny step
      // The step pushed the first action's mean up, as the advantages ask.
      CHECK((p.policy->mean(p.obs) - old_mean).select(1, 0).mean().item<double>() > 0);
    }
}

TEST_CASE("a TRPO step's Fisher stride changes its direction, the gradient staying the same") {
  auto direction_with = [](int fisher_stride) {
    fixed_problem p;
    const auto before = flatten(p.policy->ordered_parameters()).detach().clone();
    trpo_config config;
    config.fisher_stride = fisher_stride;
    trpo_step(p.policy, p.obs, p.act, p.adv, config);
    const auto step = flatten(p.policy->ordered_parameters()).detach() - before;
    return step / step.norm();
  };
  const auto all = direction_with(1), every_5th = direction_with(5);
  CHECK_FALSE(torch::allclose(all, every_5th, 1e-3, 1e-5));
  CHECK(all.dot(every_5th).item<double>() > 0.5);  // both still close to the natural gradient
}

TEST_CASE("a TRPO step on NaN advantages fails loudly and leaves the policy unchanged") {
  fixed_problem p;
  const auto before = flatten(p.policy->ordered_parameters()).detach().clone();
  auto bad = p.adv.clone();
  bad[7] = std::nanf("");
  CHECK_THROWS_WITH_AS(trpo_step(p.policy, p.obs, p.act, bad, {}), doctest::Contains("not finite"),
                       std::runtime_error);
  CHECK(torch::equal(flatten(p.policy->ordered_parameters()), before));
}

TEST_CASE("a PPO update improves the clipped surrogate on a fixed problem") {
  fixed_problem p;
  torch::Tensor old_log_prob;
  {
    torch::NoGradGuard no_grad;
    old_log_prob = p.policy->log_prob(p.obs, p.act);
  }
  const auto adv = (p.adv - p.adv.mean()) / p.adv.std();
  ppo optimizer(p.policy, {}, 1);
  optimizer.step(p.obs, p.act, p.adv);
  torch::NoGradGuard no_grad;
  const auto ratio = torch::exp(p.policy->log_prob(p.obs, p.act) - old_log_prob);
  const double surrogate =
      torch::min(ratio * adv, torch::clamp(ratio, 0.7, 1.3) * adv).mean().item<double>();
  CHECK(surrogate > 0.01);  // it was 0 before the update (ratio 1, advantages of mean 0)
}
