// Trajectory modes for NAF's local models: episodes that run apart are grouped apart, each group
// is fitted its own time-varying models, which recover each of two linear systems where one set
// fitted across both recovers neither, and imagination rolls each start out on its nearest mode.
#include "learners/naf/trajectory_modes.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <string>
#include <vector>

#include "config/json_fields.hpp"
#include "learners/naf/imagination_rollouts.hpp"
#include "learners/naf/local_model_learner.hpp"
#include "learners/naf/local_models_parameters.hpp"
#include "learners/naf/settings.hpp"
#include "tests/learners/reacher_data.hpp"
#include "tests/torch_doctest.hpp"

using namespace amb::learners;
using namespace amb::learners::naf;

namespace {

// An episode of `steps` states about `centre` in every dimension (and a constant last
// dimension, which carries no mode), with small noise.
recorded_episode episode_about(float centre, int steps, at::Generator& generator) {
  auto obs = centre + 0.1 * torch::randn({steps + 1, 3}, generator);
  obs.select(1, 2).fill_(7.0f);
  return {obs, torch::randn({steps, 1}, generator)};
}

// One of two linear systems x' = a x + B u + (1 − a) m, which hold still at x = m: what the
// local models should recover, with their episodes' data. Its states settle into the span of
// B's columns, so only the actions' columns of the gain are determined by a few episodes.
struct linear_family {
  double a;
  float m;
  torch::Tensor b;  // [obs_dim, act_dim]

  amb::tests::reacher_episode episode(int horizon, at::Generator& generator) const {
    const auto obs_dim = b.size(0), act_dim = b.size(1);
    auto obs = torch::zeros({horizon + 1, obs_dim});
    const auto act = torch::randn({horizon, act_dim}, generator);
    obs[0] = m + 0.3 * torch::randn({obs_dim}, generator);
    for (int t = 0; t < horizon; ++t)
      obs[t + 1] = a * obs[t] + b.mv(act[t]) + (1 - a) * m +
                   0.01 * torch::randn({obs_dim}, generator);
    amb::tests::reacher_episode e;
    e.observations.assign(obs.data_ptr<float>(), obs.data_ptr<float>() + obs.numel());
    e.actions.assign(act.data_ptr<float>(), act.data_ptr<float>() + act.numel());
    e.rewards.assign(size_t(horizon), 0.0f);
    return e;
  }

  // The largest difference between the actions' columns of every step's gain and B.
  double action_gain_error(const linear_gaussian_dynamics& models) const {
    const auto fitted = models.gain.narrow(2, b.size(0), b.size(1));
    return (fitted - b.unsqueeze(0)).abs().max().item<double>();
  }
};

}  // namespace

TEST_CASE("trajectory modes part episodes that run apart, the newest episode's mode first") {
  auto generator = at::detail::createCPUGenerator(3);
  std::vector<recorded_episode> episodes;
  for (int e = 0; e < 6; ++e)
    episodes.push_back(episode_about(e % 2 ? -3.0f : 3.0f, 10, generator));
  // Grouped by only the steps every episode has: a short one joins its kind all the same.
  episodes[2] = episode_about(3.0f, 2, generator);
  CHECK(trajectory_modes(episodes, 2) == std::vector<int>{1, 0, 1, 0, 1, 0});
  CHECK(trajectory_modes(episodes, 1) == std::vector<int>(6, 0));
  // No more modes than episodes, and identical episodes are one mode however many are allowed.
  const std::vector<recorded_episode> three{episodes[0], episodes[1], episodes[3]};
  const auto of_three = trajectory_modes(three, 10);
  CHECK(*std::max_element(of_three.begin(), of_three.end()) <= 2);
  const std::vector<recorded_episode> same(4, episodes[0]);
  CHECK(trajectory_modes(same, 3) == std::vector<int>(4, 0));
  CHECK_THROWS_AS(trajectory_modes({}, 2), std::invalid_argument);
  CHECK_THROWS_AS(trajectory_modes(episodes, 0), std::invalid_argument);
}

TEST_CASE("each mode's group keeps its latest episodes, in their order") {
  auto generator = at::detail::createCPUGenerator(5);
  std::vector<recorded_episode> episodes;
  for (const float centre : {3.0f, 3.0f, -3.0f, 3.0f, 3.0f, -3.0f, 3.0f})
    episodes.push_back(episode_about(centre, 5, generator));
  const auto groups = episodes_by_mode(episodes, 2, 3);
  REQUIRE(groups.size() == 2);
  // The newest episode (the last, about 3) is mode 0: its latest three of five.
  REQUIRE(groups[0].size() == 3);
  CHECK(groups[0][0].obs.equal(episodes[3].obs));
  CHECK(groups[0][1].obs.equal(episodes[4].obs));
  CHECK(groups[0][2].obs.equal(episodes[6].obs));
  REQUIRE(groups[1].size() == 2);
  CHECK(groups[1][0].obs.equal(episodes[2].obs));
  CHECK(groups[1][1].obs.equal(episodes[5].obs));
}

TEST_CASE("with two modes the local model learner recovers two linear systems one set cannot") {
  const auto context = amb::tests::reacher_context();
  const int obs_dim = context.info.obs_dim, act_dim = context.info.act_dim;
  const int horizon = context.info.horizon;
  auto generator = at::detail::createCPUGenerator(12);
  const linear_family first{0.9, 3.0f, 0.2 * torch::randn({obs_dim, act_dim}, generator)};
  const linear_family second{0.5, -3.0f, 0.2 * torch::randn({obs_dim, act_dim}, generator)};
  std::vector<amb::tests::reacher_episode> episodes;
  for (int e = 0; e < 8; ++e)
    episodes.push_back((e % 2 ? second : first).episode(horizon, generator));

  // The fit of n = 4 episodes per mode, on all eight, loaded as the policy learner reads φ.
  const auto fitted = [&](int modes) {
    local_models_config config;
    config.episodes = 4;
    config.modes = modes;
    auto learner = make_local_model_learner(context, config, ilqg_config{});
    for (const auto& e : episodes) learner->add_episode(e.view());
    const auto outcome = learner->step();
    REQUIRE(outcome.status == step_status::stepped);
    local_models_parameters phi(context.info, 0.3, modes);
    const auto parameters = learner->parameters();
    phi.load(view_of(parameters));
    return phi;
  };

  const auto two = fitted(2);
  // The newest episode is of the second system, so mode 0 is its.
  CHECK(second.action_gain_error(two.dynamics(0)) < 0.05);
  CHECK(first.action_gain_error(two.dynamics(1)) < 0.05);
  // The nearest mode of each system's states is its own, at every step.
  const auto steps = torch::arange(horizon, torch::kInt64);
  const auto states_of = [&](const amb::tests::reacher_episode& e) {
    return torch::tensor(e.observations).reshape({-1, obs_dim}).narrow(0, 0, horizon);
  };
  CHECK(two.nearest_mode(states_of(episodes[0]), steps).eq(1).all().item<bool>());
  CHECK(two.nearest_mode(states_of(episodes[1]), steps).eq(0).all().item<bool>());

  // One set fitted across both systems is a model of neither.
  const auto one = fitted(1);
  CHECK(first.action_gain_error(one.dynamics()) > 0.1);
  CHECK(second.action_gain_error(one.dynamics()) > 0.1);
  std::vector<recorded_episode> recorded;
  for (const auto& e : episodes)
    recorded.push_back({torch::tensor(e.observations).reshape({-1, obs_dim}),
                        torch::tensor(e.actions).reshape({-1, act_dim})});
  CHECK(two.prediction_error(recorded) < 0.1 * one.prediction_error(recorded));
}

TEST_CASE("imagination rolls each start out on the mode it is nearest to") {
  const auto context = amb::tests::reacher_context();
  auto task = amb::envs::make_env("reacher");
  const int obs_dim = context.info.obs_dim, act_dim = context.info.act_dim;
  normalized_q q(obs_dim, std::vector<int>{16}, std::vector<float>(size_t(act_dim), -1.0f),
                 std::vector<float>(size_t(act_dim), 1.0f), 7);
  // Mode 0 holds states about 0 and adds 1; mode 1 holds states about 10 and takes 1 away.
  std::vector<linear_gaussian_dynamics> modes;
  for (const float centre : {0.0f, 10.0f}) {
    auto models = linear_gaussian_dynamics::zeros(context.info.horizon, obs_dim, act_dim);
    for (int t = 0; t < context.info.horizon; ++t)
      models.gain[t].narrow(1, 0, obs_dim).copy_(torch::eye(obs_dim));
    models.offset.fill_(centre == 0 ? 1.0f : -1.0f);
    models.state_mean.fill_(centre);
    modes.push_back(models);
  }
  local_models_parameters phi(context.info, 0.3, 2);
  phi.assign(modes);
  const timed_states starts{
      torch::cat({torch::zeros({3, obs_dim}), torch::full({2, obs_dim}, 9.5f)}),
      torch::tensor({0L, 5L, 7L, 0L, 3L})};
  rollout_options one_step;
  one_step.length = 1;
  auto generator = at::detail::createCPUGenerator(8);
  const auto imagined = imagination_rollouts_by_mode(q, phi, *task, starts, one_step, generator);
  REQUIRE(imagined.obs.size(0) == 5);
  const auto moved = (imagined.next_obs - imagined.obs).select(1, 0);
  const auto from_zero = imagined.obs.select(1, 0).eq(0);
  CHECK(moved.index({from_zero}).eq(1).all().item<bool>());
  CHECK(moved.index({from_zero.logical_not()}).eq(-1).all().item<bool>());
  CHECK(from_zero.sum().item<int64_t>() == 3);

  // With one mode it is the plain rollout, draw for draw.
  local_models_parameters single(context.info, 0.3, 1);
  single.assign({modes[0]});
  auto by_mode_generator = at::detail::createCPUGenerator(9);
  auto plain_generator = at::detail::createCPUGenerator(9);
  auto ten_steps = one_step;
  ten_steps.length = 10;
  const auto by_mode =
      imagination_rollouts_by_mode(q, single, *task, starts, ten_steps, by_mode_generator);
  const auto plain = imagination_rollouts(q, modes[0], *task, starts, ten_steps, plain_generator);
  CHECK(by_mode.next_obs.equal(plain.next_obs));
  CHECK(by_mode.act.equal(plain.act));
}

TEST_CASE("φ keeps one mode's layout, names the others' sections, and refuses the other count") {
  const auto info = amb::tests::reacher_context().info;
  const auto one = local_models_parameters(info, 0.3, 1).parameters();
  const auto two = local_models_parameters(info, 0.3, 2).parameters();
  std::vector<std::string> one_names, two_names;
  for (const auto& section : one.layout) one_names.push_back(section.name);
  for (const auto& section : two.layout) two_names.push_back(section.name);
  CHECK(one_names.front() == "gain");
  CHECK(std::count(one_names.begin(), one_names.end(), "mode1.gain") == 0);
  CHECK(std::count(two_names.begin(), two_names.end(), "mode1.gain") == 1);
  CHECK(std::count(two_names.begin(), two_names.end(), "mode1.state_factor") == 1);
  local_models_parameters reader(info, 0.3, 2);
  CHECK_THROWS_AS(reader.load(view_of(one)), std::invalid_argument);
  CHECK_THROWS_AS(local_models_parameters(info, 0.3, 0), std::invalid_argument);
}

TEST_CASE("iLQG exploration with several trajectory modes is refused, naming the keys") {
  auto sections =
      nlohmann::json::parse(R"({"local_models": {"modes": 2}, "ilqg": {"episode_fraction": 0.5}})");
  try {
    amb::config::from_json<naf_settings>(sections);
    FAIL("accepted iLQG with two modes");
  } catch (const amb::config::config_error& e) {
    CHECK(std::string(e.what()).find("ilqg.episode_fraction") != std::string::npos);
    CHECK(std::string(e.what()).find("local_models.modes") != std::string::npos);
  }
  sections["ilqg"]["episode_fraction"] = 0;
  CHECK_NOTHROW(amb::config::from_json<naf_settings>(sections));
  sections["local_models"]["modes"] = 0;
  CHECK_THROWS_AS(amb::config::from_json<naf_settings>(sections), amb::config::config_error);
}
