// The model sees actions as the actuators do, clipped into the task's bounds: in the data it
// learns from and in the rollouts it imagines. A policy whose actions left the bounds would
// otherwise read returns off the model's extrapolation.
#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "envs/registry.hpp"
#include "envs/torch_terms.hpp"
#include "learners/ensemble_learner.hpp"
#include "learners/imagination.hpp"
#include "tests/learners/reacher_data.hpp"
#include "tests/torch_doctest.hpp"

using namespace amb;
using namespace amb::learners;
using namespace amb::tests;

TEST_CASE("imagination feeds the model clipped actions and keeps the sampled ones in its paths") {
  auto task = envs::make_env("reacher");
  const auto& info = task->info();
  ensemble_network model(info.obs_dim, info.act_dim, small_model(), 7);
  const auto high = torch::tensor(info.act_high);
  const auto far_beyond = high * 5 + 3;
  auto constant = [&](const torch::Tensor& action) -> imagined_actor {
    return [&info, action](const torch::Tensor& obs, const torch::Tensor&) {
      return action.expand({obs.size(0), info.act_dim}).clone();
    };
  };
  auto start_generator = at::detail::createCPUGenerator(2);
  const auto starts = torch::randn({8, info.obs_dim}, start_generator);
  auto rollouts = [&](const imagined_actor& act) {
    auto generator = at::detail::createCPUGenerator(5);
    auto members = member_selection::per_step(small_model().members);
    return imagine(model, act, info.act_dim, *task, starts, 4, members, generator);
  };
  const auto beyond = rollouts(constant(far_beyond)), at_bound = rollouts(constant(high));
  CHECK(torch::equal(beyond.observations, at_bound.observations));
  CHECK(torch::equal(beyond.rewards, at_bound.rewards));
  CHECK(torch::equal(beyond.actions, far_beyond.expand_as(beyond.actions)));
  // Inside the bounds the command is the action itself.
  const auto inside = rollouts(constant(high * 0.5));
  CHECK_FALSE(torch::equal(inside.observations, at_bound.observations));
}

TEST_CASE("the ensemble learner learns from the actions the actuators received") {
  const auto context = reacher_context();
  const auto& info = context.info;
  auto episodes = reacher_episodes(3);
  auto widened = episodes, clipped = episodes;
  bool any_beyond = false;
  for (auto& e : widened)
    for (size_t i = 0; i < e.actions.size(); ++i) {
      e.actions[i] *= 3;
      const auto bound = static_cast<size_t>(info.act_dim);
      any_beyond = any_beyond || e.actions[i] > info.act_high[i % bound] ||
                   e.actions[i] < info.act_low[i % bound];
    }
  REQUIRE(any_beyond);
  for (size_t k = 0; k < clipped.size(); ++k)
    envs::clip_actions(info, widened[k].actions.data(), widened[k].rewards.size(),
                       clipped[k].actions.data());
  auto train = [&](const std::vector<reacher_episode>& data) {
    auto learner = make_ensemble_learner(context, small_model());
    for (const auto& e : data) learner->add_episode(e.view());
    for (int epoch = 0; epoch < 2; ++epoch) REQUIRE(learner->step().status == step_status::stepped);
    return learner->parameters().values;
  };
  CHECK(train(widened) == train(clipped));
  CHECK(train(widened) != train(episodes));  // the learner does learn from the actions
}
