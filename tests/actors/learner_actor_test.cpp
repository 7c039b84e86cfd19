// The learner actor against real servers. Running an imagined-paths policy learner: starting
// from a remembered cursor (as after a restart) it waits for states it actually holds instead of
// failing. Re-reading the window: each episode comes with its sequence number at the buffer.
#include "actors/learner_actor.hpp"

#include <doctest/doctest.h>

#include <caf/all.hpp>
#include <map>

#include "actors/data_buffer.hpp"
#include "actors/param_server.hpp"
#include "envs/registry.hpp"
#include "learners/dynamics_ensemble.hpp"
#include "learners/policy_gradient/imagined_paths_learner.hpp"
#include "messages/type_ids.hpp"
#include "tests/support.hpp"

using namespace amb;
using namespace amb::messages;

namespace {

constexpr auto timeout = std::chrono::seconds(30);

trajectory reacher_trajectory(float fill) {
  const auto info = envs::make_env("reacher")->info();
  return tests::make_trajectory(info.obs_dim, info.act_dim, 50, "collector-0", fill);
}

// Our metrics sink interface, forwarding each row to the test instead of writing a file.
metrics_sink_actor::behavior_type forward_rows(metrics_sink_actor::pointer self, caf::actor test) {
  return {
      [=](metrics_atom, const worker_metrics& row) { self->anon_send(test, row); },
      [](wait_atom) { return uint64_t{0}; },
  };
}

// A learner that steps once per pull that brought episodes and reports their sequence numbers.
class sequence_recorder final : public learners::learner {
 public:
  void load_parameters(const std::string&, const learners::parameter_view&) override {}
  void add_episode(const learners::episode_view& e) override { seqs_.push_back(double(e.seq)); }
  learners::step_outcome step() override {
    if (seqs_.empty()) return {learners::step_status::waiting, {}};
    learners::metrics values{{"episodes", double(seqs_.size())},
                             {"first_seq", seqs_.front()},
                             {"last_seq", seqs_.back()}};
    seqs_.clear();
    return {learners::step_status::stepped, std::move(values)};
  }
  learners::parameter_set parameters() const override { return {{{"values", {1}}}, {0.0f}}; }
  std::vector<float> state() const override { return {}; }
  void load_state(const float*, size_t) override {}

 private:
  std::vector<double> seqs_;
};

// A data buffer of reacher trajectories that keeps the newest `capacity_steps` steps.
data_buffer_actor reacher_buffer(caf::actor_system& sys, uint64_t capacity_steps) {
  const auto info = envs::make_env("reacher")->info();
  return sys.spawn(actors::data_buffer,
                   std::make_shared<actors::trajectory_log>(actors::data_buffer_config{
                       uint32_t(info.obs_dim), uint32_t(info.act_dim), capacity_steps, 64}),
                   actors::message_tap{});
}

param_server_actor test_server(caf::actor_system& sys, const std::string& name) {
  return sys.spawn(actors::param_server, name, tests::test_algorithm, actors::message_tap{});
}

void expect_ok(caf::error& e) {
  FAIL(caf::to_string(e));
}

// The named values of a progress row.
std::map<std::string, double> values_of(const worker_metrics& row) {
  std::map<std::string, double> values;
  for (size_t i = 0; i < row.names.size(); ++i) values[row.names[i]] = row.values[i];
  return values;
}

}  // namespace

TEST_CASE("a learner re-reading the buffer's window gets each episode's sequence number") {
  tests::test_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  const auto info = envs::make_env("reacher")->info();
  // Room for two of the 50-step trajectories: the first of three has left the window.
  auto buffer = reacher_buffer(sys, 100);
  auto policy_server = test_server(sys, "policy");
  auto push = [&](float fill) {
    self->request(buffer, timeout, push_atom::value, reacher_trajectory(fill))
        .receive([](uint64_t) {}, expect_ok);
  };
  for (float fill : {0.1f, 0.2f, 0.3f}) push(fill);

  actors::learner_actor_config lc;
  lc.context = {tests::test_algorithm, "reacher", info, nlohmann::json::object(), 0};
  lc.slot.produces = "policy";
  lc.slot.rereads_window = true;
  lc.slot.make = [](const learners::learner_context&) {
    return std::make_unique<sequence_recorder>();
  };
  auto rows = sys.spawn(forward_rows, caf::actor{self});
  auto learner =
      sys.spawn<caf::detached>(actors::learner_actor, lc, buffer,
                               actors::parameter_servers{{"policy", policy_server}}, rows);
  self->monitor(learner);
  auto next_row = [&] {
    std::map<std::string, double> values;
    self->receive(
        [&](worker_metrics& row) { values = values_of(row); },
        [&](caf::down_msg& down) { FAIL("the learner died: " << sys.render(down.reason)); },
        caf::after(timeout) >> [] { FAIL("no step within the timeout"); });
    return values;
  };
  // The window holds the second and third trajectories: numbers 1 and 2, not 0 and 1.
  auto first = next_row();
  CHECK(first["episodes"] == 2);
  CHECK(first["first_seq"] == 1);
  CHECK(first["last_seq"] == 2);
  push(0.4f);
  auto second = next_row();
  CHECK(second["episodes"] == 1);
  CHECK(second["first_seq"] == 3);

  for (auto a : {caf::actor_cast<caf::actor>(learner), caf::actor_cast<caf::actor>(rows),
                 caf::actor_cast<caf::actor>(buffer), caf::actor_cast<caf::actor>(policy_server)})
    self->send_exit(a, caf::exit_reason::user_shutdown);
}

TEST_CASE("a policy learner resuming past its data waits for new states, then steps") {
  tests::test_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  const auto info = envs::make_env("reacher")->info();
  auto buffer = reacher_buffer(sys, 100000);
  auto policy_server = test_server(sys, "policy");
  auto model_server = test_server(sys, "model");

  // Two trajectories the learner "already read" before its restart: the buffer remembers its
  // cursor at 2, the learner's memory is gone.
  for (float fill : {0.1f, 0.2f})
    self->request(buffer, timeout, push_atom::value, reacher_trajectory(fill))
        .receive([](uint64_t) {}, expect_ok);
  self->request(buffer, timeout, pull_atom::value, std::string("policy_learner"), uint64_t{2},
                uint32_t{1})
      .receive([](trajectory_batch&) {}, expect_ok);
  // A model to imagine in.
  learners::ensemble_config model;
  model.hidden = {16};
  const auto phi = learners::dynamics_ensemble(info.obs_dim, info.act_dim, model, 1).parameters();
  self->request(model_server, timeout, push_atom::value, tests::make_blob("model", 1, phi))
      .receive([](uint64_t) {}, expect_ok);

  actors::learner_actor_config lc;
  lc.name = "policy_learner";
  lc.context = {tests::test_algorithm, "reacher", info, nlohmann::json::object(), 0};
  lc.slot.produces = "policy";
  lc.slot.reads = {"model"};
  lc.slot.make = [model](const learners::learner_context& context) {
    learners::policy_gradient::imagined_path_source paths;
    paths.imagined_paths = 4;
    paths.imagined_horizon = 5;
    return learners::policy_gradient::make_imagined_paths_learner(context, {}, model, paths, {},
                                                                  learners::trpo_config{});
  };
  // The learner's progress rows come to us: the event waited on below.
  auto rows = sys.spawn(forward_rows, caf::actor{self});
  auto learner = sys.spawn<caf::detached>(
      actors::learner_actor, lc, buffer,
      actors::parameter_servers{{"policy", policy_server}, {"model", model_server}}, rows);
  self->monitor(learner);

  // Its first step finds no new data past cursor 2 and must neither crash nor step. Wait for
  // that pull to be served (ours at setup was the first), then see that it is still alive.
  uint64_t pulls = 0;
  for (int request = 0; pulls < 2 && request < 1000000; ++request)
    self->request(buffer, timeout, stats_atom::value)
        .receive([&](buffer_stats& b) { pulls = b.pulls; }, expect_ok);
  REQUIRE(pulls >= 2);
  // Once new data arrives it steps, and its first row is the push of θ v1. A learner that had
  // failed on the states it lacked would have died instead: the down message below.
  self->request(buffer, timeout, push_atom::value, reacher_trajectory(0.3f))
      .receive([](uint64_t) {}, expect_ok);
  self->receive(
      [&](worker_metrics& row) {
        CHECK(row.worker == "policy_learner");
        for (size_t i = 0; i < row.names.size(); ++i)
          if (row.names[i] == "policy_version") CHECK(row.values[i] == 1);
      },
      [&](caf::down_msg& down) { FAIL("the policy learner died: " << sys.render(down.reason)); },
      caf::after(timeout) >> [] { FAIL("no policy step within the timeout"); });

  for (auto a : {caf::actor_cast<caf::actor>(learner), caf::actor_cast<caf::actor>(rows),
                 caf::actor_cast<caf::actor>(buffer), caf::actor_cast<caf::actor>(policy_server),
                 caf::actor_cast<caf::actor>(model_server)})
    self->send_exit(a, caf::exit_reason::user_shutdown);
}
