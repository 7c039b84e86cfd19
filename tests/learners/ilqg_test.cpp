// NAF's optional iLQG exploration on problems whose answers are known: the LQR backward pass
// against the Riccati recursion, the expected KL against sampling, the reward's expansion against
// finite differences, the KL-constrained step against its bound, and the controller's way from
// the model learner through θ to the acting policy.
#include "learners/naf/ilqg.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>

#include "envs/registry.hpp"
#include "learners/naf/controller_parameters.hpp"
#include "learners/naf/local_model_learner.hpp"
#include "learners/naf/lqr.hpp"
#include "learners/naf/naf.hpp"
#include "learners/naf/naf_acting_policy.hpp"
#include "learners/naf/naf_learner.hpp"
#include "tests/learners/reacher_data.hpp"
#include "tests/learners/section_values.hpp"
#include "tests/torch_doctest.hpp"

using namespace amb::learners;
using namespace amb::learners::naf;

namespace {

constexpr int64_t states = 3, actions = 2, horizon = 12;

// x' = A x + B u (+ offset), cost ½ xᵀ Q x + ½ uᵀ R u per step, in float64.
struct lq_problem {
  torch::Tensor a, b, q, r;
  linear_dynamics dynamics;
  quadratic_cost cost;
};

lq_problem random_lq_problem(uint64_t seed, double noise) {
  auto generator = at::detail::createCPUGenerator(seed);
  const auto options = torch::TensorOptions().dtype(torch::kFloat64);
  lq_problem p;
  // A slightly unstable system, so that feedback matters.
  p.a =
      torch::eye(states, options) * 1.05 + 0.1 * torch::randn({states, states}, generator, options);
  p.b = torch::randn({states, actions}, generator, options);
  const auto q_root = torch::randn({states, states}, generator, options);
  p.q = q_root.mm(q_root.t()) + 0.1 * torch::eye(states, options);
  p.r = 0.5 * torch::eye(actions, options);
  const auto gain = torch::cat({p.a, p.b}, 1);
  p.dynamics = {gain.unsqueeze(0).repeat({horizon, 1, 1}), torch::zeros({horizon, states}, options),
                noise * noise * torch::eye(states, options).unsqueeze(0).repeat({horizon, 1, 1})};
  auto hessian = torch::zeros({states + actions, states + actions}, options);
  hessian.slice(0, 0, states).slice(1, 0, states).copy_(p.q);
  hessian.slice(0, states).slice(1, states).copy_(p.r);
  p.cost = {hessian.unsqueeze(0).repeat({horizon, 1, 1}),
            torch::zeros({horizon, states + actions}, options)};
  return p;
}

linear_gaussian_controller wide_open_loop(double std) {
  const auto options = torch::TensorOptions().dtype(torch::kFloat64);
  return linear_gaussian_controller::constant(int(horizon), int(states),
                                              torch::zeros({actions}, options),
                                              torch::full({actions}, std, options));
}

// The controller's values in one vector, for comparisons.
torch::Tensor values_of(const linear_gaussian_controller& c) {
  return torch::cat({c.gain.flatten(), c.offset.flatten(), c.factor.flatten()});
}

}  // namespace

TEST_CASE("LQR on a linear-quadratic problem matches the Riccati recursion") {
  const auto p = random_lq_problem(1, 0.0);
  const auto solved = lqr_backward(p.dynamics, p.cost);
  REQUIRE(solved.has_value());
  // The discrete-time Riccati recursion from P_T = 0, written out on its own.
  auto riccati = torch::zeros({states, states}, torch::kFloat64);
  for (int64_t t = horizon - 1; t >= 0; --t) {
    const auto action_curvature = p.r + p.b.t().mm(riccati).mm(p.b);
    const auto gain = -torch::linalg::solve(action_curvature, p.b.t().mm(riccati).mm(p.a), true);
    CHECK(torch::allclose(solved->gain[t], gain, 1e-9, 1e-9));
    const auto factor = solved->factor[t];
    CHECK(torch::allclose(factor.mm(factor.t()), torch::linalg::inv(action_curvature), 1e-9, 1e-9));
    riccati = p.q + p.a.t().mm(riccati).mm(p.a) + p.a.t().mm(riccati).mm(p.b).mm(gain);
    riccati = 0.5 * (riccati + riccati.t());
  }
  // No offset and no linear cost: no open-loop term.
  CHECK(solved->offset.abs().max().item<double>() < 1e-12);
}

TEST_CASE("with offsets and a linear cost the LQR mean controller beats its perturbations") {
  auto p = random_lq_problem(2, 0.05);
  auto generator = at::detail::createCPUGenerator(3);
  p.dynamics.offset = 0.3 * torch::randn({horizon, states}, generator, torch::kFloat64);
  p.cost.gradient = torch::randn({horizon, states + actions}, generator, torch::kFloat64);
  const auto solved = lqr_backward(p.dynamics, p.cost);
  REQUIRE(solved.has_value());
  const auto start = torch::ones({states}, torch::kFloat64);
  const auto start_covariance = 0.01 * torch::eye(states, torch::kFloat64);
  const double best =
      expected_cost(p.cost, forward_moments(p.dynamics, *solved, start, start_covariance));
  for (int trial = 0; trial < 5; ++trial) {
    auto other = *solved;
    other.gain = other.gain + 0.01 * torch::randn(other.gain.sizes(), generator, torch::kFloat64);
    other.offset =
        other.offset + 0.01 * torch::randn(other.offset.sizes(), generator, torch::kFloat64);
    CHECK(expected_cost(p.cost, forward_moments(p.dynamics, other, start, start_covariance)) >
          best);
  }
}

TEST_CASE("the expected KL between two controllers agrees with sampling the states") {
  const auto p = random_lq_problem(4, 0.1);
  auto generator = at::detail::createCPUGenerator(5);
  const auto first = *lqr_backward(p.dynamics, p.cost);
  auto second = wide_open_loop(0.7);
  second.gain = 0.2 * torch::randn(second.gain.sizes(), generator, torch::kFloat64);
  second.offset = 0.3 * torch::randn(second.offset.sizes(), generator, torch::kFloat64);
  const auto start = torch::zeros({states}, torch::kFloat64);
  const auto moments =
      forward_moments(p.dynamics, first, start, 0.2 * torch::eye(states, torch::kFloat64));
  CHECK(expected_kl(first, first, moments) == doctest::Approx(0.0).epsilon(1e-9));
  const double exact = expected_kl(first, second, moments);
  // Per step: states drawn from the moments, the Gaussian KL at each, averaged.
  double sampled = 0;
  const int64_t draws = 20000;
  for (int64_t t = 0; t < horizon; ++t) {
    const auto state_mean = moments.mean[t].slice(0, 0, states);
    const auto state_factor =
        torch::linalg::cholesky(moments.covariance[t].slice(0, 0, states).slice(1, 0, states));
    const auto x =
        state_mean + torch::randn({draws, states}, generator, torch::kFloat64).mm(state_factor.t());
    const auto p_cov = first.factor[t].mm(first.factor[t].t());
    const auto q_cov = second.factor[t].mm(second.factor[t].t());
    const auto q_precision = torch::linalg::inv(q_cov);
    const auto gap =
        x.mm((first.gain[t] - second.gain[t]).t()) + first.offset[t] - second.offset[t];
    const auto mahalanobis = (gap.mm(q_precision) * gap).sum(1).mean().item<double>();
    sampled +=
        0.5 * ((q_precision * p_cov).sum().item<double>() + mahalanobis - double(actions) +
               std::log(torch::det(q_cov).item<double>() / torch::det(p_cov).item<double>()));
  }
  CHECK(sampled == doctest::Approx(exact).epsilon(0.02));
}

TEST_CASE("the KL-constrained step stays within its bound and improves as the bound widens") {
  const auto p = random_lq_problem(6, 0.05);
  const auto start = torch::ones({states}, torch::kFloat64);
  const auto start_covariance = 0.01 * torch::eye(states, torch::kFloat64);
  const auto previous = wide_open_loop(1.0);
  double last_cost = 0;
  for (double bound : {0.5, 2.0, 8.0}) {
    const auto step =
        kl_constrained_step(p.dynamics, p.cost, previous, start, start_covariance, bound);
    CHECK(step.kl <= bound);
    CHECK(step.kl > 0.95 * bound);  // the bound is active: the step uses what it may
    CHECK(step.expected_cost < step.previous_cost);
    if (bound > 0.5) CHECK(step.expected_cost < last_cost);
    last_cost = step.expected_cost;
  }
  // Unbounded in effect, the step is the LQR controller itself (nearly deterministic).
  const auto loose =
      kl_constrained_step(p.dynamics, p.cost, previous, start, start_covariance, 1e9);
  const auto lqr = *lqr_backward(p.dynamics, p.cost);
  CHECK(torch::allclose(loose.controller.gain, lqr.gain, 1e-5, 1e-5));
  // Tight, it stays by the previous controller.
  const auto tight =
      kl_constrained_step(p.dynamics, p.cost, previous, start, start_covariance, 1e-6);
  CHECK(torch::allclose(values_of(tight.controller), values_of(previous), 1e-2, 1e-2));
}

TEST_CASE("the reward's quadratic expansion matches finite differences of the task's reward") {
  const auto task = amb::envs::make_env("reacher");
  const auto& info = task->info();
  const int64_t n = info.obs_dim, d = info.obs_dim + info.act_dim, steps = 3;
  auto generator = at::detail::createCPUGenerator(7);
  const linear_dynamics dynamics{
      torch::cat({torch::eye(n, torch::kFloat64), torch::zeros({n, d - n}, torch::kFloat64)}, 1)
              .unsqueeze(0)
              .repeat({steps, 1, 1}) +
          0.05 * torch::randn({steps, n, d}, generator, torch::kFloat64),
      0.05 * torch::randn({steps, n}, generator, torch::kFloat64),
      torch::eye(n, torch::kFloat64).unsqueeze(0).repeat({steps, 1, 1})};
  // Actions inside the bounds, where the control cost is smooth.
  const auto nominal = 0.3 * torch::randn({steps, d}, generator, torch::kFloat64);
  const auto expansion = reward_expansion(*task, dynamics, nominal);
  auto cost = [&](const torch::Tensor& z) {
    const auto next = torch::bmm(dynamics.gain, z.unsqueeze(2)).squeeze(2) + dynamics.offset;
    return -task->reward_tensor(z.slice(1, 0, n), z.slice(1, n, d), next);
  };
  const double h = 1e-5;
  for (int64_t i = 0; i < d; ++i) {
    auto up = nominal.clone(), down = nominal.clone();
    up.select(1, i) += h;
    down.select(1, i) -= h;
    // The expansion's gradient at the nominal point, H ẑ + c, against central differences.
    const auto model_gradient =
        torch::bmm(expansion.hessian, nominal.unsqueeze(2)).squeeze(2) + expansion.gradient;
    CHECK(torch::allclose(model_gradient.select(1, i), (cost(up) - cost(down)) / (2 * h), 1e-5,
                          1e-5));
    // A column of the Hessian: the change of the expansion's gradient along z_i.
    const auto curvature = (cost(up) - 2 * cost(nominal) + cost(down)) / (h * h);
    CHECK(torch::allclose(expansion.hessian.select(1, i).select(1, i), curvature, 1e-3, 1e-3));
  }
}

TEST_CASE("with iLQG on, the model learner plans a controller after each fit and θ carries it") {
  const auto context = amb::tests::reacher_context();
  naf_settings settings;
  settings.networks.hidden = {16, 16};
  settings.local_models.episodes = 2;
  settings.ilqg.episode_fraction = 1.0;
  auto models = make_local_model_learner(context, settings.local_models, settings.ilqg);
  auto learner = make_naf_learner(context, settings);
  for (const auto& e : amb::tests::reacher_episodes(2)) models->add_episode(e.view());
  const auto fitted = models->step();
  REQUIRE(fitted.status == step_status::stepped);
  const auto value = [&](const std::string& name) {
    for (const auto& [key, v] : fitted.values)
      if (key == name) return v;
    FAIL("no metric " << name);
    return 0.0;
  };
  CHECK(value("ilqg_kl") <= settings.ilqg.kl_per_step * context.info.horizon + 1e-9);
  CHECK(value("ilqg_kl") > 0);
  CHECK(value("ilqg_cost_change") < 0);  // better than the initial controller, by the models
  // The policy learner passes φ's controller on in θ.
  learner->load_parameters("model", view_of(models->parameters()));
  const auto theta = learner->parameters();
  CHECK(theta.layout.back().name == "controller.steps");
  CHECK(theta.values.back() == 1.0f);
  const auto gain =
      amb::tests::section_values(theta, "controller.gain");  // [T, m, n], step 0 first
  const auto offset = amb::tests::section_values(theta, "controller.offset");
  const auto observation = amb::tests::reacher_episodes(1).front().observations;
  const int n = context.info.obs_dim, m = context.info.act_dim;
  std::vector<float> mean(size_t(m), 0.0f);
  for (int i = 0; i < m; ++i) {
    double u = offset[size_t(i)];
    for (int j = 0; j < n; ++j) u += gain[size_t(i * n + j)] * observation[size_t(j)];
    mean[size_t(i)] =
        std::clamp(float(u), context.info.act_low[size_t(i)], context.info.act_high[size_t(i)]);
  }
  // The evaluator scores the controller's mean as policy 1.
  auto evaluator = make_naf_acting_policy(context, settings, acting_mode::evaluate);
  evaluator->load_parameters(view_of(theta));
  REQUIRE(evaluator->policy_count() == 2);
  std::mt19937_64 rng(8);
  std::vector<float> action(static_cast<size_t>(m));
  evaluator->select_policy(1);
  evaluator->act(observation.data(), 0, rng, action.data());
  for (int i = 0; i < m; ++i) CHECK(action[size_t(i)] == doctest::Approx(mean[size_t(i)]));
  // A collector with every episode given to the controller explores around that mean.
  auto collector = make_naf_acting_policy(context, settings, acting_mode::explore);
  collector->load_parameters(view_of(theta));
  std::vector<double> average(size_t(m), 0.0);
  const int episodes = 4000;
  for (int e = 0; e < episodes; ++e) {
    collector->act(observation.data(), 0, rng, action.data());
    for (int i = 0; i < m; ++i) average[size_t(i)] += action[size_t(i)] / double(episodes);
  }
  for (int i = 0; i < m; ++i)
    CHECK(average[size_t(i)] == doctest::Approx(mean[size_t(i)]).epsilon(0.05));
}
