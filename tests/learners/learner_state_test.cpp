// A learner's private state: a new instance given the parameters and the state of a running one
// takes the same next step, bit for bit, as the one that never stopped, and counts the real
// steps of the run once.
#include "learners/learner_state.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

#include "learners/compute_threads.hpp"
#include "learners/delivered_steps.hpp"
#include "learners/ensemble_learner.hpp"
#include "learners/maac/maac_learner.hpp"
#include "learners/mb_mpo/meta_learner.hpp"
#include "learners/policy_gradient/imagined_paths_learner.hpp"
#include "learners/policy_gradient/real_paths_learner.hpp"
#include "tests/learners/reacher_data.hpp"

using namespace amb;
using namespace amb::learners;
using namespace amb::learners::policy_gradient;
using namespace amb::tests;

namespace {

using learner_factory = std::function<std::unique_ptr<learner>()>;

// Runs `steps` steps of one learner, hands its parameters, state and data to a second, and
// returns the parameters both reach with one more step; a third gets no state.
struct continuation {
  std::vector<float> uninterrupted, resumed, without_state;
};

continuation continue_after(const learner_factory& make, const std::string& own,
                            const parameter_set& model, int steps) {
  set_compute_threads(1);
  const auto episodes = reacher_episodes(6);
  const bool model_free = model.values.empty();
  auto feed = [&](learner& l) {
    if (!model_free) l.load_parameters("model", view_of(model));
    for (const auto& e : episodes) l.add_episode(e.view());
  };
  auto first = make();
  feed(*first);
  for (int i = 0; i < steps; ++i) {
    REQUIRE(first->step().status == step_status::stepped);
    if (model_free) feed(*first);  // a model-free learner uses each path once
  }
  const auto theta = first->parameters();
  const auto state = first->state();

  // The others get what a restarted learner gets again from the servers: the parameters, the
  // model, and the episodes (the buffer's window, or the paths not yet learned from).
  continuation result;
  auto step = [&](learner& l) {
    REQUIRE(l.step().status == step_status::stepped);
    return l.parameters().values;
  };
  result.uninterrupted = step(*first);
  auto second = make();
  second->load_parameters(own, view_of(theta));
  second->load_state(state.data(), state.size());
  feed(*second);
  result.resumed = step(*second);
  auto third = make();
  third->load_parameters(own, view_of(theta));
  feed(*third);
  result.without_state = step(*third);
  return result;
}

maac::maac_settings small_maac() {
  maac::maac_settings settings;
  settings.model = small_model();
  settings.model.probabilistic = true;
  settings.networks = {{16}, {16}};
  settings.policy_learner.batch_size = 8;
  settings.policy_learner.updates_per_step = 2;
  return settings;
}

// A new count loaded with what `saved` saved, as a restarted learner loads its state.
delivered_steps loaded(const delivered_steps& saved) {
  state_writer out;
  saved.save(out);
  const auto values = out.take();
  state_reader in(values.data(), values.size(), "delivered steps");
  delivered_steps restored;
  restored.load(in);
  in.finish();
  return restored;
}

}  // namespace

TEST_CASE("real steps are counted once over a run, whichever instance is given them") {
  const auto episodes = reacher_episodes(3);  // numbered 0 to 2, 50 steps each
  delivered_steps first;
  for (int e : {0, 1}) first.add(episodes[e].view());
  REQUIRE(first.count() == 100);
  // A new instance given the whole window again counts only the episode that is new.
  auto resumed = loaded(first);
  CHECK(resumed.count() == 100);
  for (int e : {0, 1, 2}) resumed.add(episodes[e].view());
  CHECK(resumed.count() == 150);
  // Episode 0 has left the buffer's window: the re-read starts at 1.
  auto after_eviction = loaded(first);
  for (int e : {1, 2}) after_eviction.add(episodes[e].view());
  CHECK(after_eviction.count() == 150);
  // Counted again by the next instance, from this one's save.
  CHECK(loaded(resumed).count() == 150);
  // A new learner counts every episode it is given, whatever their numbers.
  delivered_steps fresh;
  for (int repeat = 0; repeat < 2; ++repeat) fresh.add(episodes[0].view());
  CHECK(fresh.count() == 100);
}

TEST_CASE("an imagined-paths learner given the state of another goes on bit for bit") {
  const auto context = reacher_context();
  imagined_path_source paths;
  paths.imagined_paths = 6;
  paths.imagined_horizon = 10;
  const auto model = trained_model(small_model());
  auto check = [&](const update_rule& rule, int steps) {
    const auto result = continue_after(
        [&] {
          return make_imagined_paths_learner(context, {{16}, -0.5}, small_model(), paths, {}, rule);
        },
        "policy", model, steps);
    CHECK(result.resumed == result.uninterrupted);
    // The random streams, the baseline's fit (and PPO's moments) matter: without them the step
    // differs.
    CHECK(result.without_state != result.uninterrupted);
  };
  SUBCASE("PPO") {
    check(ppo_config{}, 3);
  }
  SUBCASE("TRPO") {
    check(trpo_config{}, 2);
  }
}

TEST_CASE("an MB-MPO learner given the state of another goes on bit for bit") {
  const auto context = reacher_context();
  mb_mpo::meta_learner_settings settings;
  settings.meta.meta_batch = 3;
  settings.meta.rollouts_per_task = 4;
  settings.meta.imagined_horizon = 10;
  const auto result = continue_after(
      [&] {
        return mb_mpo::make_meta_learner(context, {{16}, -0.5}, small_model(), settings);
      },
      "policy", trained_model(small_model()), 2);
  CHECK(result.resumed == result.uninterrupted);
  // Its random stream matters: without it the step differs.
  CHECK(result.without_state != result.uninterrupted);
}

TEST_CASE("a real-paths PPO learner given the state of another goes on bit for bit") {
  const auto context = reacher_context();
  real_path_source paths;
  paths.paths_per_step = 3;
  const auto result = continue_after(
      [&] {
        return make_real_paths_learner(context, {{16}, -0.5}, paths, {}, ppo_config{});
      },
      "policy", {}, 2);
  CHECK(result.resumed == result.uninterrupted);
  CHECK(result.without_state != result.uninterrupted);
}

TEST_CASE("an ensemble learner's state brings back its optimiser, stream and early stopping") {
  const auto context = reacher_context();
  auto model = small_model();
  model.persistency = 0.0;  // stops as soon as validation loss rises: some members stop
  auto first = make_ensemble_learner(context, model);
  for (const auto& e : reacher_episodes(3)) first->add_episode(e.view());
  step_status last = step_status::stepped;
  for (int epochs = 0; last == step_status::stepped && epochs < 5000; ++epochs)
    last = first->step().status;
  REQUIRE(last == step_status::settled);
  const auto phi = first->parameters();
  const auto state = first->state();

  auto second = make_ensemble_learner(context, model);
  second->load_parameters("model", view_of(phi));
  second->load_state(state.data(), state.size());
  CHECK(second->state() == state);
  // Every member had stopped: the copy knows it and has nothing to do until new data.
  CHECK(second->step().status == step_status::settled);
}

TEST_CASE("a state from another kind of learner, or cut short, is refused") {
  const auto context = reacher_context();
  imagined_path_source paths;
  paths.imagined_paths = 4;
  paths.imagined_horizon = 5;
  auto imagined =
      make_imagined_paths_learner(context, {{16}, -0.5}, small_model(), paths, {}, ppo_config{});
  auto model = trained_model(small_model());
  imagined->load_parameters("model", view_of(model));
  for (const auto& e : reacher_episodes(2)) imagined->add_episode(e.view());
  REQUIRE(imagined->step().status == step_status::stepped);
  const auto state = imagined->state();

  auto ensemble = make_ensemble_learner(context, small_model());
  CHECK_THROWS_AS(ensemble->load_state(state.data(), state.size()), std::invalid_argument);
  auto other =
      make_imagined_paths_learner(context, {{16}, -0.5}, small_model(), paths, {}, ppo_config{});
  CHECK_THROWS_AS(other->load_state(state.data(), state.size() - 1), std::invalid_argument);
  auto longer = state;
  longer.push_back(0);
  CHECK_THROWS_AS(other->load_state(longer.data(), longer.size()), std::invalid_argument);
  // A TRPO learner of the same task holds no Adam moments: a PPO learner's state is not its.
  auto trpo =
      make_imagined_paths_learner(context, {{16}, -0.5}, small_model(), paths, {}, trpo_config{});
  CHECK_THROWS_AS(trpo->load_state(state.data(), state.size()), std::invalid_argument);
}

TEST_CASE("a MAAC learner given the state of another goes on bit for bit") {
  const auto settings = small_maac();
  const auto result =
      continue_after([&] { return maac::make_maac_learner(reacher_context(), settings); }, "policy",
                     trained_model(settings.model), 2);
  CHECK(result.resumed == result.uninterrupted);
  // The target critics, the temperature, the optimisers' moments and the random stream matter:
  // without them the step differs.
  CHECK(result.without_state != result.uninterrupted);
}

TEST_CASE("a resumed MAAC learner reports its updates per real step over the whole run") {
  const auto settings = small_maac();
  const auto model = trained_model(settings.model);
  const auto episodes = reacher_episodes(4);  // 200 steps
  auto updates_per_env_step = [](const step_outcome& outcome) {
    for (const auto& [name, value] : outcome.values)
      if (name == "updates_per_env_step") return value;
    return -1.0;
  };
  auto first = maac::make_maac_learner(reacher_context(), settings);
  first->load_parameters("model", view_of(model));
  for (const auto& e : episodes) first->add_episode(e.view());
  CHECK(updates_per_env_step(first->step()) == doctest::Approx(2.0 / 200));
  const auto state = first->state();
  // The window it re-reads holds the last two episodes only: the other two were counted before.
  auto resumed = maac::make_maac_learner(reacher_context(), settings);
  resumed->load_parameters("model", view_of(model));
  resumed->load_state(state.data(), state.size());
  for (int e : {2, 3}) resumed->add_episode(episodes[e].view());
  CHECK(updates_per_env_step(resumed->step()) == doctest::Approx(4.0 / 200));
}
