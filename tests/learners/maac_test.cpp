// MAAC's pieces on problems whose answers are known: the squashed policy's density, the
// pathwise gradient through a linear model with a quadratic reward, SAC's update at H = 0, the
// target networks' soft updates, the temperature's direction, CEM on a quadratic, and the
// learner's refusal of NaN.
#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>

#include "learners/maac/cem.hpp"
#include "learners/maac/maac_learner.hpp"
#include "learners/maac/pathwise_objective.hpp"
#include "learners/maac/squashed_gaussian.hpp"
#include "learners/maac/temperature.hpp"
#include "learners/maac/twin_critic.hpp"
#include "tests/learners/reacher_data.hpp"
#include "tests/torch_doctest.hpp"

using namespace amb::learners;
using namespace amb::learners::maac;

namespace {

constexpr int obs_dim = 3, act_dim = 2, rows = 16;

// A policy in double precision with bounds [-2, 2] and [-1, 3], so that the scale and the
// centre of the squashing matter.
squashed_gaussian double_policy() {
  squashed_gaussian policy(obs_dim, std::vector<int>{8}, std::vector<float>{-2, -1},
                           std::vector<float>{2, 3}, 4);
  policy->to(torch::kFloat64);
  return policy;
}

// Linear dynamics s' = A s + B a, reward -(|s'|² + 0.1 |a|²), value -|s|² - |a|², never a
// terminal state; the policy's noise is fixed per step, so that J is a deterministic function
// of θ that central differences can check.
struct linear_quadratic_world {
  torch::Tensor a, b;
  std::vector<torch::Tensor> noise;  // one [rows, act_dim] per step
  size_t next_noise = 0;
  squashed_gaussian policy = double_policy();

  linear_quadratic_world() {
    auto generator = at::detail::createCPUGenerator(3);
    a = 0.5 * torch::randn({obs_dim, obs_dim}, generator, torch::kFloat64);
    b = torch::randn({obs_dim, act_dim}, generator, torch::kFloat64);
    for (int t = 0; t < 8; ++t)
      noise.push_back(torch::randn({rows, act_dim}, generator, torch::kFloat64));
  }

  pathwise_world world() {
    pathwise_world w;
    w.step = [this](const torch::Tensor& s, const torch::Tensor& u) {
      return torch::matmul(s, a.t()) + torch::matmul(u, b.t());
    };
    w.reward = [](const torch::Tensor&, const torch::Tensor& u, const torch::Tensor& next) {
      return -next.pow(2).sum(-1) - 0.1 * u.pow(2).sum(-1);
    };
    w.terminal = [](const torch::Tensor& s, const torch::Tensor&, const torch::Tensor&) {
      return torch::zeros({s.size(0)}, torch::kBool);
    };
    w.value = [](const torch::Tensor& s, const torch::Tensor& u) {
      return -s.pow(2).sum(-1) - u.pow(2).sum(-1);
    };
    w.act = [this](const torch::Tensor& s) { return policy->sample(s, noise[next_noise++]); };
    return w;
  }

  torch::Tensor objective(const torch::Tensor& starts, const pathwise_settings& settings) {
    next_noise = 0;
    return pathwise_objective(world(), starts, settings).objective.mean();
  }
};

}  // namespace

TEST_CASE("the squashed policy's log-density is the Gaussian's through tanh and the bounds") {
  auto policy = double_policy();
  auto generator = at::detail::createCPUGenerator(5);
  const auto obs = torch::randn({rows, obs_dim}, generator, torch::kFloat64);
  const auto noise = torch::randn({rows, act_dim}, generator, torch::kFloat64);
  const auto sample = policy->sample(obs, noise);
  // Recover u from the action, and the density by the change of variables written out.
  const auto low = torch::tensor({-2.0, -1.0}, torch::kFloat64);
  const auto half = torch::tensor({2.0, 2.0}, torch::kFloat64);
  const auto squashed = (sample.action - low) / half - 1;
  CHECK(squashed.abs().max().item<double>() < 1);  // within the bounds
  const auto u = torch::atanh(squashed);
  // The density of u is the Gaussian's at noise; d a / d u = half (1 - tanh²(u)).
  const auto gaussian = (-0.5 * noise.pow(2) - 0.5 * std::log(2 * M_PI)).sum(-1);
  // log σ per dimension: u = μ + σ ε, so σ = (u - μ) / ε with μ = atanh of the mean action's
  // squashed value.
  const auto mean_squashed = (policy->mean_action(obs) - low) / half - 1;
  const auto sigma = (u - torch::atanh(mean_squashed)) / noise;
  const auto reference =
      gaussian - torch::log(sigma).sum(-1) - torch::log(half * (1 - squashed.pow(2))).sum(-1);
  CHECK(torch::allclose(sample.log_prob, reference, 1e-6, 1e-8));
}

TEST_CASE("the pathwise gradient through a linear model matches central differences") {
  linear_quadratic_world problem;
  auto generator = at::detail::createCPUGenerator(9);
  const auto starts = torch::randn({rows, obs_dim}, generator, torch::kFloat64);
  const pathwise_settings settings{3, 0.9, 0.2};
  const auto& theta = problem.policy->sections().tensors;
  const auto gradients = torch::autograd::grad({problem.objective(starts, settings)}, theta);
  const double h = 1e-6;
  double largest_error = 0, largest_gradient = 0;
  for (size_t p = 0; p < theta.size(); ++p)
    for (int64_t i = 0; i < theta[p].numel(); i += 3) {
      torch::NoGradGuard no_grad;
      auto element = theta[p].view(-1)[i];
      const double original = element.item<double>();
      element.fill_(original + h);
      const double plus = problem.objective(starts, settings).item<double>();
      element.fill_(original - h);
      const double minus = problem.objective(starts, settings).item<double>();
      element.fill_(original);
      const double analytic = gradients[p].view(-1)[i].item<double>();
      largest_error = std::max(largest_error, std::abs(analytic - (plus - minus) / (2 * h)));
      largest_gradient = std::max(largest_gradient, std::abs(analytic));
    }
  INFO("largest error " << largest_error << " of gradients up to " << largest_gradient);
  CHECK(largest_gradient > 1e-2);
  CHECK(largest_error < 1e-6 * std::max(1.0, largest_gradient));
}

TEST_CASE("with H = 0 the actor's update is soft actor-critic's") {
  linear_quadratic_world problem;
  auto generator = at::detail::createCPUGenerator(9);
  const auto starts = torch::randn({rows, obs_dim}, generator, torch::kFloat64);
  const double temperature = 0.3;
  const auto& theta = problem.policy->sections().tensors;
  const auto maac = torch::autograd::grad(
      {-problem.objective(starts, pathwise_settings{0, 0.99, temperature})}, theta);
  // SAC's actor loss, written apart: E[α log π(a|s) - Q(s, a)], a = f(ε; s).
  const auto sample = problem.policy->sample(starts, problem.noise[0]);
  const auto q = -starts.pow(2).sum(-1) - sample.action.pow(2).sum(-1);
  const auto sac = torch::autograd::grad({(temperature * sample.log_prob - q).mean()}, theta);
  for (size_t p = 0; p < theta.size(); ++p) CHECK(torch::allclose(maac[p], sac[p], 1e-12, 1e-14));
  // A longer horizon is a different update.
  const auto longer = torch::autograd::grad(
      {-problem.objective(starts, pathwise_settings{2, 0.99, temperature})}, theta);
  CHECK_FALSE(torch::allclose(longer.back(), sac.back(), 1e-3, 1e-6));
}

TEST_CASE("a terminal state ends a path's rewards and value") {
  linear_quadratic_world problem;
  auto world = problem.world();
  // Every first step is terminal: J is the first reward and entropy bonus alone.
  world.terminal = [](const torch::Tensor& s, const torch::Tensor&, const torch::Tensor&) {
    return torch::ones({s.size(0)}, torch::kBool);
  };
  auto generator = at::detail::createCPUGenerator(9);
  const auto starts = torch::randn({rows, obs_dim}, generator, torch::kFloat64);
  const auto value = pathwise_objective(world, starts, pathwise_settings{3, 0.9, 0.2});
  problem.next_noise = 0;
  const auto first = problem.policy->sample(starts, problem.noise[0]);
  const auto next = world.step(starts, first.action);
  const auto expected = world.reward(starts, first.action, next) - 0.2 * first.log_prob;
  CHECK(torch::allclose(value.objective, expected, 1e-12, 1e-12));
}

TEST_CASE("target networks follow their critics by tau") {
  twin_critic critic(obs_dim, act_dim, std::vector<int>{16}, 2);
  const auto& online = critic->sections().tensors;
  const auto& targets = critic->target_sections().tensors;
  for (size_t i = 0; i < online.size(); ++i) CHECK(torch::equal(online[i], targets[i]));
  {
    torch::NoGradGuard no_grad;
    for (const auto& t : online) t.add_(1.0);  // the critic learns something
  }
  std::vector<torch::Tensor> before;
  for (const auto& t : targets) before.push_back(t.clone());
  critic->soft_update(0.1);
  for (size_t i = 0; i < online.size(); ++i)
    CHECK(torch::allclose(targets[i], 0.9 * before[i] + 0.1 * online[i], 1e-6, 1e-6));
  for (int k = 0; k < 300; ++k) critic->soft_update(0.1);
  for (size_t i = 0; i < online.size(); ++i)
    CHECK(torch::allclose(targets[i], online[i], 1e-4, 1e-4));
  // The targets take no gradients: only the online networks learn.
  for (const auto& t : targets) CHECK_FALSE(t.requires_grad());
}

TEST_CASE("the temperature moves towards its target entropy") {
  const double target = -2;  // -|A| for two action dimensions
  // Log-probabilities of 0: an entropy of 0, above the target, so α falls; of 5: below, it rises.
  for (const double log_prob : {0.0, 5.0}) {
    temperature alpha(0.5, target, 1e-2);
    double last = alpha.value();
    for (int i = 0; i < 20; ++i) {
      alpha.update(torch::full({rows}, log_prob));
      const double now = alpha.value();
      if (log_prob == 0)
        CHECK(now < last);
      else
        CHECK(now > last);
      last = now;
    }
  }
  temperature alpha(0.5, target, 1e-2);
  CHECK_THROWS_AS(alpha.update(torch::full({rows}, std::nan(""))), std::runtime_error);
  CHECK(alpha.value() == doctest::Approx(0.5));
}

TEST_CASE("CEM improves on a fixed action sequence on a quadratic problem") {
  constexpr int population = 64, steps = 4;
  auto generator = at::detail::createCPUGenerator(7);
  // The best plan: a goal per step and dimension, one of them outside the bounds [-1, 1].
  const auto goal = torch::rand({steps, act_dim}, generator) - 0.5;
  goal[2][1] = 1.5;
  const auto score = [&](const torch::Tensor& plans) { return -(plans - goal).pow(2).sum({1, 2}); };
  const auto fixed = torch::zeros({steps, act_dim});
  const auto initial = fixed + torch::randn({population, steps, act_dim}, generator);
  const auto low = -torch::ones({act_dim}), high = torch::ones({act_dim});
  const auto plan = cross_entropy_plan(score, initial, low, high, {8, 6}, generator);
  const double fixed_score = score(fixed.unsqueeze(0)).item<double>();
  const double plan_score = score(plan.unsqueeze(0)).item<double>();
  INFO("fixed " << fixed_score << ", planned " << plan_score);
  CHECK(plan_score > fixed_score);
  // Within the bounds, and as close to the goal as they allow.
  CHECK(plan.max().item<float>() <= 1);
  CHECK(plan[2][1].item<float>() > 0.9);
  CHECK(plan_score > -0.25 - 0.05);  // 0.5² is the distance the bound forces
  CHECK_THROWS_AS(cross_entropy_plan(score, initial, low, high, {population, 2}, generator),
                  std::invalid_argument);
}

TEST_CASE("NaN in the model fails the MAAC learner's step and leaves θ as it was") {
  maac_settings settings;
  settings.model = amb::tests::small_model();
  settings.model.probabilistic = true;
  settings.networks = {{16}, {16}};
  settings.policy_learner.batch_size = 8;
  auto learner = make_maac_learner(amb::tests::reacher_context(), settings);
  auto phi = amb::tests::trained_model(settings.model);
  for (const auto& e : amb::tests::reacher_episodes(2)) learner->add_episode(e.view());
  CHECK(learner->step().status == step_status::waiting);  // no model yet
  phi.values[phi.values.size() / 3] = std::nanf("");
  learner->load_parameters("model", view_of(phi));
  const auto before = learner->parameters().values;
  CHECK_THROWS_AS(learner->step(), std::runtime_error);
  // θ, what would be pushed, is as before the step (its copy of the model with the same NaN).
  const auto after = learner->parameters().values;
  REQUIRE(after.size() == before.size());
  for (size_t i = 0; i < after.size(); ++i)
    if (!(std::isnan(after[i]) && std::isnan(before[i]))) REQUIRE(after[i] == before[i]);
  phi.values[phi.values.size() / 3] = 0;
  learner->load_parameters("model", view_of(phi));
  CHECK(learner->step().status == step_status::stepped);
  CHECK(learner->parameters().values != before);
}
