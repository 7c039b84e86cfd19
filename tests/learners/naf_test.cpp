// NAF's pieces on problems whose answers are known: the greedy action is Q's maximum, P is
// positive definite for any output, the local linear-Gaussian fit recovers a known noisy linear
// system, the target is masked at terminal states, imagination follows the models' time steps,
// and the learner refuses NaN and goes on bit for bit from its state.
#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "learners/naf/imagination_rollouts.hpp"
#include "learners/naf/local_linear_models.hpp"
#include "learners/naf/local_model_learner.hpp"
#include "learners/naf/local_models_parameters.hpp"
#include "learners/naf/naf_learner.hpp"
#include "learners/naf/normalized_q.hpp"
#include "learners/naf/q_learning.hpp"
#include "learners/naf/recent_episodes.hpp"
#include "tests/learners/reacher_data.hpp"
#include "tests/learners/section_values.hpp"
#include "tests/torch_doctest.hpp"

using namespace amb::learners;
using namespace amb::learners::naf;

namespace {

normalized_q small_q(int obs_dim, int act_dim, uint64_t seed) {
  return normalized_q(obs_dim, std::vector<int>{16, 16}, std::vector<float>(act_dim, -2.0f),
                      std::vector<float>(act_dim, 2.0f), seed);
}

// Transitions of 3-dimensional states and 2-dimensional actions, none terminal.
transitions random_batch(int64_t rows, at::Generator& generator) {
  return {torch::randn({rows, 3}, generator), torch::randn({rows, 2}, generator),
          torch::randn({rows}, generator), torch::randn({rows, 3}, generator),
          torch::zeros({rows})};
}

naf_settings small_naf() {
  naf_settings s;
  s.networks.hidden = {16, 16};
  s.policy_learner.batch_size = 16;
  s.policy_learner.updates_per_step = 5;
  s.policy_learner.imagined_length = 3;
  s.local_models.episodes = 2;
  return s;
}

// One real update owed per real step, 40 made per step, no imagination: counts easy to follow.
naf_settings one_update_per_real_step() {
  auto s = small_naf();
  s.policy_learner.updates_per_env_step = 1;
  s.policy_learner.updates_per_step = 40;
  s.policy_learner.imagination = false;
  return s;
}

// The value a step reported under `name`; NaN when it reported none.
double reported(const step_outcome& outcome, const std::string& name) {
  for (const auto& [reported_name, value] : outcome.values)
    if (reported_name == name) return value;
  return std::nan("");
}

// The reacher, its dimensions and a small Q network: what imagination rollouts act with.
struct reacher_imagination {
  std::unique_ptr<amb::envs::environment> task = amb::envs::make_env("reacher");
  int obs_dim = task->info().obs_dim, act_dim = task->info().act_dim;
  normalized_q q = small_q(obs_dim, act_dim, 7);
};

// Models of `horizon` steps under which nothing moves and nothing is noisy: x' = x.
linear_gaussian_dynamics standing_models(int horizon, int obs_dim, int act_dim) {
  auto models = linear_gaussian_dynamics::zeros(horizon, obs_dim, act_dim);
  for (int t = 0; t < horizon; ++t) models.gain[t].narrow(1, 0, obs_dim).copy_(torch::eye(obs_dim));
  return models;
}

// Rollouts of `length` steps with the default noise, unbounded and ungated.
rollout_options rollouts_of(int length) {
  rollout_options options;
  options.length = length;
  return options;
}

}  // namespace

TEST_CASE("NAF's greedy action is the maximum of Q over actions, for random states") {
  auto q = small_q(4, 3, 1);
  auto generator = at::detail::createCPUGenerator(2);
  // Weights of ordinary size, so that μ and L vary with the state.
  {
    torch::NoGradGuard no_grad;
    for (auto& t : q->sections().tensors) t.copy_(torch::randn(t.sizes(), generator) * 0.5);
  }
  // In double precision, so that the smallest steps away from μ still show in Q.
  q->to(torch::kFloat64);
  const auto obs = torch::randn({32, 4}, generator, torch::kFloat64);
  const auto greedy = q->greedy_action(obs);
  const auto best = q->value(obs, greedy);
  CHECK(torch::allclose(best, q->state_value(obs)));  // A(x, μ(x)) = 0
  for (double scale : {1e-3, 0.1, 1.0}) {
    const auto other = greedy + scale * torch::randn({32, 3}, generator, torch::kFloat64);
    CHECK((q->value(obs, other) < best).all().item<bool>());
  }
  // Q's gradient in u vanishes at μ.
  const auto u = greedy.detach().clone().requires_grad_(true);
  const auto grad = torch::autograd::grad({q->value(obs, u).sum()}, {u})[0];
  CHECK(grad.abs().max().item<double>() < 1e-10);
}

TEST_CASE("P = L Lᵀ is positive definite and bounded whatever the network outputs") {
  auto generator = at::detail::createCPUGenerator(3);
  for (const int act_dim : {1, 2, 7}) {
    for (const double scale : {0.0, 1.0, 3.0, 30.0, 1e4}) {
      CAPTURE(act_dim);
      CAPTURE(scale);
      const auto raw = scale * torch::randn({64, act_dim * (act_dim + 1) / 2}, generator);
      const auto l = lower_triangular_factor(raw, act_dim).to(torch::kFloat64);
      CHECK(torch::equal(l, l.tril()));
      // A lower-triangular L with a positive diagonal is invertible, so P = L Lᵀ is positive
      // definite: uᵀ P u = |Lᵀ u|² > 0 for every u ≠ 0.
      const auto diagonal = l.diagonal(0, 1, 2);
      CHECK((diagonal > 0).all().item<bool>());
      CHECK(torch::isfinite(l).all().item<bool>());
      CHECK(l.abs().max().item<double>() <= max_factor_entry * (1 + 1e-6));
      const auto u = torch::randn({64, act_dim, 1}, generator, torch::kFloat64);
      CHECK((torch::matmul(l.transpose(1, 2), u).pow(2).sum({1, 2}) > 0).all().item<bool>());
      if (scale > 1) continue;  // beyond, P's condition number exceeds what float64 resolves
      // Where P is well conditioned, its Cholesky factor (unique for a positive definite P)
      // is L itself.
      const auto p = torch::matmul(l, l.transpose(1, 2));
      const auto factor = std::get<0>(torch::linalg_cholesky_ex(p));
      CHECK(torch::allclose(factor, l, 1e-6, 1e-9));
      CHECK((torch::linalg::eigvalsh(p, "L") > 0).all().item<bool>());
    }
  }
}

TEST_CASE("the local linear-Gaussian fit recovers a known linear system with noise") {
  constexpr int obs_dim = 3, act_dim = 2, horizon = 4, episodes = 3000;
  auto generator = at::detail::createCPUGenerator(4);
  std::vector<torch::Tensor> gains, offsets;
  for (int t = 0; t < horizon; ++t) {
    gains.push_back(0.5 * torch::randn({obs_dim, obs_dim + act_dim}, generator));
    offsets.push_back(torch::randn({obs_dim}, generator));
  }
  const auto noise_factor =
      torch::tensor({{0.1, 0.0, 0.0}, {0.05, 0.2, 0.0}, {0.0, -0.1, 0.15}}).to(torch::kFloat32);
  std::vector<recorded_episode> data;
  for (int e = 0; e < episodes; ++e) {
    auto obs = torch::zeros({horizon + 1, obs_dim});
    const auto act = torch::randn({horizon, act_dim}, generator);
    obs[0] = torch::randn({obs_dim}, generator);
    for (int t = 0; t < horizon; ++t)
      obs[t + 1] = gains[t].mv(torch::cat({obs[t], act[t]})) + offsets[t] +
                   noise_factor.mv(torch::randn({obs_dim}, generator));
    data.push_back({obs, act});
  }
  // A weak prior: with thousands of samples per step the step's own statistics decide.
  const auto fitted = fit_local_models(data, {horizon, 1.0, 1e-6});
  for (int t = 0; t < horizon; ++t) {
    CAPTURE(t);
    CHECK((fitted.gain[t] - gains[t]).abs().max().item<double>() < 0.03);
    CHECK((fitted.offset[t] - offsets[t]).abs().max().item<double>() < 0.03);
    const auto covariance = fitted.noise_factor[t].mm(fitted.noise_factor[t].t());
    const auto expected = noise_factor.mm(noise_factor.t());
    CHECK((covariance - expected).abs().max().item<double>() < 0.005);
  }
  // The states of step 0 were drawn from N(0, I).
  CHECK(fitted.state_mean[0].abs().max().item<double>() < 0.1);
  const auto first_states = fitted.state_factor[0].mm(fitted.state_factor[0].t());
  CHECK((first_states - torch::eye(obs_dim)).abs().max().item<double>() < 0.1);
  const auto typical = fitted.deviation(torch::randn({1000, obs_dim}, generator),
                                        torch::zeros({1000}, torch::kInt64));
  CHECK(typical.mean().item<double>() == doctest::Approx(1.0).epsilon(0.1));
  CHECK(fitted.deviation(torch::full({1, obs_dim}, 6.0f), torch::zeros({1}, torch::kInt64))
            .item<double>() > 5);
  // Steps no episode reaches take the pooled fit, still a valid model.
  const auto longer = fit_local_models(data, {horizon + 2, 1.0, 1e-6});
  CHECK(torch::isfinite(longer.gain).all().item<bool>());
  CHECK((longer.noise_factor[horizon + 1].diagonal() > 0).all().item<bool>());
  // Two episodes fit a 8-dimensional joint Gaussian through the prior.
  const auto few = fit_local_models({data[0], data[1]}, {horizon, 1.0, 1e-6});
  CHECK(torch::isfinite(few.gain).all().item<bool>());
  CHECK_THROWS_AS(fit_local_models({}, {horizon, 1.0, 1e-6}), std::invalid_argument);
}

TEST_CASE("the NAF target is r alone after a terminal state and r + γ V'(x') otherwise") {
  auto q = small_q(3, 2, 5);
  auto generator = at::detail::createCPUGenerator(6);
  transitions batch{torch::randn({4, 3}, generator), torch::randn({4, 2}, generator),
                    torch::tensor({1.0f, -2.0f, 0.5f, 3.0f}), torch::randn({4, 3}, generator),
                    torch::tensor({1.0f, 0.0f, 1.0f, 0.0f})};
  // A target value far from zero, so that bootstrapping through a terminal state would show.
  {
    torch::NoGradGuard no_grad;
    q->target_sections().tensors.back().fill_(10);
  }
  const auto next_value = q->target_state_value(batch.next_obs);
  const auto y = q_targets(q, batch, 0.9);
  CHECK(y[0].item<float>() == doctest::Approx(1.0));
  CHECK(y[2].item<float>() == doctest::Approx(0.5));
  CHECK(y[1].item<float>() == doctest::Approx(-2.0 + 0.9 * next_value[1].item<float>()));
  CHECK(y[3].item<float>() == doctest::Approx(3.0 + 0.9 * next_value[3].item<float>()));
  CHECK(std::abs(next_value[1].item<float>()) > 1);
}

TEST_CASE("with a twin the NAF target bootstraps from the smaller of the two target V's") {
  auto q = small_q(3, 2, 5);
  auto twin = small_q(3, 2, 11);
  auto generator = at::detail::createCPUGenerator(6);
  auto batch = random_batch(64, generator);
  batch.terminal[0] = 1;  // the first ends an episode
  const auto first = q->target_state_value(batch.next_obs);
  const auto second = twin->target_state_value(batch.next_obs);
  // Two networks of different weights: each is the smaller at some of 64 states.
  REQUIRE((first < second).any().item<bool>());
  REQUIRE((second < first).any().item<bool>());
  const auto y = q_targets(q, batch, 0.9, &twin);
  CHECK(torch::allclose(y, batch.reward + 0.9 * (1 - batch.terminal) * torch::min(first, second)));
  CHECK(y[0].item<float>() == doctest::Approx(batch.reward[0].item<float>()));
  // The smaller of the two is never above either network's own target.
  CHECK((y <= q_targets(q, batch, 0.9) + 1e-6).all().item<bool>());
  CHECK((y <= q_targets(twin, batch, 0.9) + 1e-6).all().item<bool>());
}

TEST_CASE("bounded, the NAF target's V' stays in the range of discounted sums of the rewards") {
  // Rewards in [-1, -0.5]: V' in [-10, -0.5] with γ = 0.9 (one reward, or forever the worst).
  const auto negative = discounted_sum_range(-1, -0.5, 0.9);
  CHECK(negative.low == doctest::Approx(-10));
  CHECK(negative.high == doctest::Approx(-0.5));
  const auto positive = discounted_sum_range(0.5, 2, 0.9);
  CHECK(positive.low == doctest::Approx(0.5));
  CHECK(positive.high == doctest::Approx(20));

  auto q = small_q(3, 2, 5);
  auto generator = at::detail::createCPUGenerator(6);
  auto batch = random_batch(64, generator);
  batch.terminal[0] = 1;  // the first ends an episode
  const auto next_value = q->target_state_value(batch.next_obs);
  const value_range range{next_value.quantile(0.25).item<double>(),
                          next_value.quantile(0.75).item<double>()};
  const auto y = q_targets(q, batch, 0.9, nullptr, range);
  CHECK(torch::allclose(
      y, batch.reward + 0.9 * (1 - batch.terminal) * next_value.clamp(range.low, range.high)));
  CHECK(y[0].item<float>() == doctest::Approx(batch.reward[0].item<float>()));
  // Unbounded, the same targets leave the range at both ends.
  const auto free = q_targets(q, batch, 0.9);
  CHECK((free > batch.reward + 0.9 * range.high + 1e-6).any().item<bool>());
  CHECK((free < batch.reward + 0.9 * range.low - 1e-6).any().item<bool>());
}

TEST_CASE("the NAF learner bounds its targets by the real rewards it was given") {
  const auto context = amb::tests::reacher_context();
  auto settings = small_naf();
  settings.policy_learner.imagination = false;
  auto episode = amb::tests::reacher_episodes(1)[0];
  std::fill(episode.rewards.begin(), episode.rewards.end(), -0.5f);
  // Every reward is -0.5: V' is at most -0.5 (an episode may end after one), so every target
  // is at most -0.5 + γ (-0.5).
  const double highest_target = -0.5 - 0.99 * 0.5;
  auto mean_target = [&](bool bound) {
    settings.policy_learner.bound_targets = bound;
    auto learner = make_naf_learner(context, settings);
    learner->add_episode(episode.view());
    const auto outcome = learner->step();
    REQUIRE(outcome.status == step_status::stepped);
    return reported(outcome, "q_target");
  };
  // A fresh network's V' is near zero, above the bound: unbounded, the targets are higher.
  REQUIRE(mean_target(false) > highest_target + 0.1);
  CHECK(mean_target(true) <= highest_target + 1e-5);
}

TEST_CASE("a Q step reports the batch's V and the actions' penalty from before the step") {
  auto q = small_q(3, 2, 8);
  auto generator = at::detail::createCPUGenerator(9);
  auto batch = random_batch(6, generator);
  double value_before = 0, q_before = 0;
  {
    torch::NoGradGuard no_grad;
    value_before = q->state_value(batch.obs).mean().item<double>();
    q_before = q->value(batch.obs, batch.act).mean().item<double>();
  }
  torch::optim::Adam adam(q->sections().tensors, torch::optim::AdamOptions(0.1));
  const auto result = q_regression_step(q, adam, batch, q_targets(q, batch, 0.99), {});
  CHECK(result.state_value == doctest::Approx(value_before));
  CHECK(result.state_value - result.penalty == doctest::Approx(q_before));
  CHECK(result.penalty > 0);  // random actions are not all μ(x)
  torch::NoGradGuard no_grad;
  CHECK(q->state_value(batch.obs).mean().item<double>() != doctest::Approx(value_before));
}

TEST_CASE("imagination rollouts follow the local model of each step and stop at its horizon") {
  const auto context = amb::tests::reacher_context();
  auto task = amb::envs::make_env("reacher");
  const int obs_dim = context.info.obs_dim, act_dim = context.info.act_dim;
  auto q = small_q(obs_dim, act_dim, 7);
  // Noise-free models: step t adds t + 1 to every observation.
  auto models = standing_models(4, obs_dim, act_dim);
  for (int t = 0; t < 4; ++t) models.offset[t].fill_(float(t + 1));
  auto generator = at::detail::createCPUGenerator(8);
  timed_states starts{torch::zeros({2, obs_dim}), torch::tensor({0L, 2L})};
  const auto imagined = imagination_rollouts(q, models, *task, starts, rollouts_of(10), generator);
  // From step 0: 4 steps to the horizon; from step 2: 2.
  REQUIRE(imagined.obs.size(0) == 6);
  const auto step_of = imagined.next_obs.select(1, 0) - imagined.obs.select(1, 0);
  CHECK(torch::equal(std::get<0>(step_of.sort()),
                     torch::tensor({1.0f, 2.0f, 3.0f, 3.0f, 4.0f, 4.0f})));
  // Rewards are the task's on the imagined transitions; actions stay within the bounds.
  CHECK(torch::allclose(imagined.reward,
                        task->reward_tensor(imagined.obs, imagined.act, imagined.next_obs)));
  CHECK((imagined.act.abs() <= 1).all().item<bool>());
  const auto short_rollouts =
      imagination_rollouts(q, models, *task, starts, rollouts_of(1), generator);
  CHECK(short_rollouts.obs.size(0) == 2);
  // Within bounds, states stop where the models would carry them past.
  const auto bounded = imagination_rollouts(
      q, models, *task, starts,
      {10, 0.3, torch::full({obs_dim}, -1.0f), torch::full({obs_dim}, 2.5f)}, generator);
  CHECK(bounded.next_obs.max().item<float>() == 2.5f);
  CHECK(bounded.next_obs.min().item<float>() >= -1.0f);
  // The models' states are N(0, I) at every step: a rollout ends before a state that lies
  // beyond the deviation allowed (4). From step 0 the states reach 1, 3, then 6, which step 3's
  // states refuse; from step 2 they reach 3, then 7, after the last step, which no model checks.
  auto local = rollouts_of(10);
  local.max_deviation = 4;
  const auto gated = imagination_rollouts(q, models, *task, starts, local, generator);
  const auto first_coordinate = std::get<0>(gated.next_obs.select(1, 0).sort());
  CHECK(torch::equal(first_coordinate, torch::tensor({1.0f, 3.0f, 3.0f, 7.0f})));
}

TEST_CASE("imagination samples the models' noise at the share it is given") {
  reacher_imagination r;
  // x' = x with noise of standard deviation 1 in every dimension.
  auto models = standing_models(3, r.obs_dim, r.act_dim);
  for (int t = 0; t < 3; ++t) models.noise_factor[t].copy_(torch::eye(r.obs_dim));
  auto generator = at::detail::createCPUGenerator(9);
  timed_states starts{torch::zeros({500, r.obs_dim}), torch::zeros({500}, torch::kInt64)};
  auto options = rollouts_of(1);
  const auto spread = [&](double share) {
    options.model_noise = share;
    const auto imagined = imagination_rollouts(r.q, models, *r.task, starts, options, generator);
    return (imagined.next_obs - imagined.obs).std().item<double>();
  };
  CHECK(spread(0) == 0);
  CHECK(spread(1) == doctest::Approx(1).epsilon(0.05));
  CHECK(spread(0.25) == doctest::Approx(0.25).epsilon(0.05));
}

TEST_CASE("the local model learner fits every n episodes and counts them") {
  auto context = amb::tests::reacher_context();
  local_models_config config;
  config.episodes = 2;
  auto learner = make_local_model_learner(context, config, ilqg_config{});
  const auto episodes = amb::tests::reacher_episodes(5);
  CHECK(learner->step().status == step_status::settled);
  learner->add_episode(episodes[0].view());
  CHECK(learner->step().status == step_status::settled);
  learner->add_episode(episodes[1].view());
  const auto fitted = learner->step();
  REQUIRE(fitted.status == step_status::stepped);
  CHECK(fitted.values.front() == std::make_pair(std::string("episodes"), 2.0));
  CHECK(learner->step().status == step_status::settled);
  // The fit predicts the episodes it was fitted to better than "nothing moves" does.
  double still = 0, count = 0;
  for (int e = 0; e < 2; ++e) {
    const auto& o = episodes[e].observations;
    for (size_t i = size_t(context.info.obs_dim); i < o.size(); ++i) {
      const double d = o[i] - o[i - size_t(context.info.obs_dim)];
      still += d * d;
      ++count;
    }
  }
  CHECK(fitted.values[1].second < 0.5 * still / count);
  // φ carries the count, and no iLQG step when iLQG is off.
  const auto phi = learner->parameters();
  CHECK(amb::tests::section_values(phi, "episodes") == std::vector<float>{2.0f});
  CHECK(phi.layout.back().name == "controller.steps");
  CHECK(phi.values.back() == 0.0f);
  // The next fit first scores this one on the episodes that came after it; the first had none.
  CHECK(fitted.values[2] == std::make_pair(std::string("unseen_error"), 0.0));
  local_models_parameters first(context.info, 0.3);
  first.load(view_of(phi));
  recent_episodes newer(context.info.obs_dim, context.info.act_dim, 2);
  for (int e = 2; e < 4; ++e) {
    learner->add_episode(episodes[e].view());
    newer.add(episodes[e].view());
  }
  const auto refitted = learner->step();
  REQUIRE(refitted.status == step_status::stepped);
  CHECK(refitted.values[2].first == "unseen_error");
  CHECK(refitted.values[2].second == doctest::Approx(first.prediction_error(newer.all())));
}

TEST_CASE("refit_every slides the local models' window and scores a fit on its newer episodes") {
  auto context = amb::tests::reacher_context();
  local_models_config config;
  config.episodes = 3;
  config.refit_every = 1;
  auto learner = make_local_model_learner(context, config, ilqg_config{});
  const auto episodes = amb::tests::reacher_episodes(5);
  // The first fit still waits for a full window.
  for (int e = 0; e < 2; ++e) {
    learner->add_episode(episodes[e].view());
    CHECK(learner->step().status == step_status::settled);
  }
  learner->add_episode(episodes[2].view());
  const auto first_fit = learner->step();
  REQUIRE(first_fit.status == step_status::stepped);
  CHECK(first_fit.values.front() == std::make_pair(std::string("episodes"), 3.0));
  local_models_parameters first(context.info, 0.3);
  first.load(view_of(learner->parameters()));
  // Then one new episode is enough, and the unseen error is the first fit's on that one alone.
  learner->add_episode(episodes[3].view());
  const auto second_fit = learner->step();
  REQUIRE(second_fit.status == step_status::stepped);
  CHECK(second_fit.values.front() == std::make_pair(std::string("episodes"), 4.0));
  recent_episodes newest(context.info.obs_dim, context.info.act_dim, 1);
  newest.add(episodes[3].view());
  CHECK(second_fit.values[2].second == doctest::Approx(first.prediction_error(newest.all())));
  // The refit is on the window of the latest three episodes (the second to the fourth).
  local_models_parameters second(context.info, 0.3);
  second.load(view_of(learner->parameters()));
  recent_episodes window(context.info.obs_dim, context.info.act_dim, 3);
  for (int e = 1; e < 4; ++e) window.add(episodes[e].view());
  const auto refit = fit_local_models(window.all(), {second.horizon(), 1.0, 1e-6}, nullptr);
  CHECK(torch::allclose(second.dynamics().gain, refit.gain, 1e-4, 1e-5));
}

TEST_CASE("NaN in the local models fails the NAF learner's step and leaves θ as it was") {
  const auto context = amb::tests::reacher_context();
  // With trajectory modes, the NaN is in the last mode's models, which a start may never reach.
  for (const int modes : {1, 2}) {
    CAPTURE(modes);
    auto settings = small_naf();
    settings.local_models.modes = modes;
    auto models = make_local_model_learner(context, settings.local_models, settings.ilqg);
    auto learner = make_naf_learner(context, settings);
    for (const auto& e : amb::tests::reacher_episodes(2)) {
      models->add_episode(e.view());
      learner->add_episode(e.view());
    }
    REQUIRE(models->step().status == step_status::stepped);
    auto phi = models->parameters();
    const auto poisoned = amb::tests::section_span_of(phi, modes == 1 ? "gain" : "mode1.gain");
    phi.values[poisoned.begin + 7] = std::nanf("");
    learner->load_parameters("model", view_of(phi));
    const auto before = learner->parameters().values;
    CHECK_THROWS_AS(learner->step(), std::runtime_error);
    CHECK(learner->parameters().values == before);
  }
}

TEST_CASE("imagined states stay in the observed range unless bound_imagined_states is off") {
  const auto context = amb::tests::reacher_context();
  auto settings = small_naf();
  settings.policy_learner.max_deviation = 0;  // the shifted states below must not end rollouts
  auto models = make_local_model_learner(context, settings.local_models, settings.ilqg);
  const auto episodes = amb::tests::reacher_episodes(2);
  for (const auto& e : episodes) models->add_episode(e.view());
  REQUIRE(models->step().status == step_status::stepped);
  // Models that carry every state 1000 beyond where the fit puts it: far outside anything the
  // reacher's episodes reached.
  auto phi = models->parameters();
  const auto offsets = amb::tests::section_span_of(phi, "offset");
  for (size_t i = 0; i < offsets.count; ++i) phi.values[offsets.begin + i] += 1000.0f;
  const auto beyond_observed = [&](bool bound) {
    settings.policy_learner.bound_imagined_states = bound;
    auto learner = make_naf_learner(context, settings);
    for (const auto& e : episodes) learner->add_episode(e.view());
    learner->load_parameters("model", view_of(phi));
    const auto outcome = learner->step();
    REQUIRE(outcome.status == step_status::stepped);
    REQUIRE(reported(outcome, "imagination") == 1.0);
    return reported(outcome, "imagined_beyond_observed");
  };
  CHECK(beyond_observed(true) == 0.0);
  CHECK(beyond_observed(false) > 500.0);
}

TEST_CASE("the NAF learner makes I updates per real step, then settles") {
  const auto context = amb::tests::reacher_context();
  auto learner = make_naf_learner(context, one_update_per_real_step());
  CHECK(learner->step().status == step_status::settled);  // no data
  const auto episodes = amb::tests::reacher_episodes(2);
  learner->add_episode(episodes[0].view());  // 50 steps: 50 updates owed
  CHECK(learner->step().status == step_status::stepped);
  CHECK(learner->step().status == step_status::stepped);
  CHECK(learner->step().status == step_status::settled);
  learner->add_episode(episodes[1].view());
  const auto more = learner->step();
  REQUIRE(more.status == step_status::stepped);
  CHECK(reported(more, "real_updates") == 90.0);
}

TEST_CASE("a resumed NAF learner owes updates only for the episodes its state did not count") {
  const auto context = amb::tests::reacher_context();
  const auto settings = one_update_per_real_step();
  const auto episodes = amb::tests::reacher_episodes(2);  // 50 steps each
  auto first = make_naf_learner(context, settings);
  first->add_episode(episodes[0].view());
  while (first->step().status == step_status::stepped) {
  }
  const auto state = first->state();
  // As a learner actor resumes: the state, then the buffer's window again, then new episodes.
  auto resumed = make_naf_learner(context, settings);
  resumed->load_state(state.data(), state.size());
  resumed->add_episode(episodes[0].view());
  CHECK(resumed->step().status == step_status::settled);
  resumed->add_episode(episodes[1].view());
  const auto next = resumed->step();
  REQUIRE(next.status == step_status::stepped);
  CHECK(reported(next, "real_updates") == 90.0);  // the 50 made before, 40 of the 50 now owed
  CHECK(reported(resumed->step(), "real_updates") == 100.0);
  CHECK(resumed->step().status == step_status::settled);
  // A state written before the counters were kept (without its last five doubles, 16 values
  // each) still loads; that learner owes the re-read window's updates again.
  auto from_old_state = make_naf_learner(context, settings);
  from_old_state->load_state(state.data(), state.size() - 5 * 16);
  from_old_state->add_episode(episodes[0].view());
  CHECK(reported(from_old_state->step(), "real_updates") == 40.0);
}

TEST_CASE("a NAF learner loaded with another's θ and state goes on exactly as it would") {
  const auto context = amb::tests::reacher_context();
  auto settings = small_naf();
  // The imagined replay is rebuilt by the next rollouts, not carried in the state.
  settings.policy_learner.imagination = false;
  // The twin is not in θ: only the state can bring it back.
  SUBCASE("one Q network") {}
  SUBCASE("twin Q networks") {
    settings.policy_learner.twin_q = true;
  }
  const auto episodes = amb::tests::reacher_episodes(2);
  auto first = make_naf_learner(context, settings);
  for (const auto& e : episodes) first->add_episode(e.view());
  REQUIRE(first->step().status == step_status::stepped);
  const auto theta = first->parameters();
  const auto state = first->state();
  REQUIRE(first->step().status == step_status::stepped);
  auto resumed = make_naf_learner(context, settings);
  auto without_state = make_naf_learner(context, settings);
  for (auto* l : {resumed.get(), without_state.get()}) {
    l->load_parameters("policy", view_of(theta));
    for (const auto& e : episodes) l->add_episode(e.view());
  }
  resumed->load_state(state.data(), state.size());
  REQUIRE(resumed->step().status == step_status::stepped);
  REQUIRE(without_state->step().status == step_status::stepped);
  CHECK(resumed->parameters().values == first->parameters().values);
  CHECK(resumed->state() == first->state());
  CHECK(without_state->parameters().values != first->parameters().values);
  // Another learner's state is refused by name.
  const std::vector<float> wrong(7, 1.0f);
  CHECK_THROWS_WITH_AS(resumed->load_state(wrong.data(), wrong.size()),
                       doctest::Contains("NAF learner state"), std::invalid_argument);
}
