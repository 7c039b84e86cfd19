// Collectors against real servers and a real MuJoCo task, run to a budget by the coordinator.
#include "actors/collector.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <caf/all.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "actors/coordinator.hpp"
#include "actors/data_buffer.hpp"
#include "actors/event_log.hpp"
#include "actors/param_server.hpp"
#include "envs/pr2_tasks.hpp"
#include "envs/registry.hpp"
#include "hw/robot_server.hpp"
#include "learners/gaussian_acting_policy.hpp"
#include "learners/gaussian_mlp_policy.hpp"
#include "messages/type_ids.hpp"
#include "tests/support.hpp"

using namespace amb;
using namespace amb::messages;

namespace {

constexpr auto timeout = std::chrono::seconds(30);

struct graph_fixture {
  std::string env_name;
  tests::test_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  envs::env_info info = envs::make_env(env_name)->info();
  std::string events_path = (std::filesystem::temp_directory_path() /
                             ("amb-collector-test-" + std::to_string(::getpid()) + ".jsonl"))
                                .string();
  event_log_actor events = sys.spawn(actors::event_log, events_path);
  data_buffer_actor buffer =
      sys.spawn(actors::data_buffer,
                std::make_shared<actors::trajectory_log>(actors::data_buffer_config{
                    uint32_t(info.obs_dim), uint32_t(info.act_dim), 100000, 64}),
                actors::message_tap{});
  param_server_actor policy_server = sys.spawn(actors::param_server, std::string("policy"),
                                               tests::test_algorithm, actors::message_tap{});
  param_server_actor model_server = sys.spawn(actors::param_server, std::string("model"),
                                              tests::test_algorithm, actors::message_tap{});

  std::vector<caf::actor> spawned;  // everything a test started, stopped at teardown

  explicit graph_fixture(std::string env = "reacher") : env_name(std::move(env)) {}

  ~graph_fixture() {
    spawned.insert(
        spawned.end(),
        {caf::actor_cast<caf::actor>(events), caf::actor_cast<caf::actor>(buffer),
         caf::actor_cast<caf::actor>(policy_server), caf::actor_cast<caf::actor>(model_server)});
    for (auto& a : spawned) self->send_exit(a, caf::exit_reason::user_shutdown);
    std::filesystem::remove(events_path);
  }

  void push_policy(uint64_t version, const learners::parameter_set& theta) {
    self->request(policy_server, timeout, push_atom::value,
                  tests::make_blob("policy", version, theta))
        .receive([](uint64_t) {}, [](caf::error& e) { FAIL(caf::to_string(e)); });
  }

  learners::parameter_set policy_theta(uint64_t seed) {
    return learners::gaussian_mlp_policy(info.obs_dim, info.act_dim, {}, seed).parameters();
  }

  caf::actor spawn_collector(uint64_t seed, const envs::env_options& options = {}) {
    actors::collector_config cc;
    cc.name = "collector-0";
    cc.env = env_name;
    cc.env_options = options;
    cc.seed = seed;
    cc.make_policy = [this] {
      return learners::make_gaussian_acting_policy({tests::test_algorithm, env_name, info, {}, 1},
                                                   {}, learners::acting_mode::explore);
    };
    auto collector = sys.spawn<caf::detached>(actors::collector, cc, buffer, policy_server,
                                              metrics_sink_actor{});
    spawned.push_back(collector);
    return collector;
  }

  coordinator_actor spawn_coordinator(uint64_t trajectories, caf::actor worker,
                                      caf::actor observer = {}) {
    actors::coordinator_config cc;
    cc.budget.trajectories = trajectories;
    cc.poll_interval = std::chrono::milliseconds(10);
    auto coordinator = sys.spawn(
        actors::coordinator, cc, buffer, policy_server, model_server,
        std::vector<actors::named_worker>{{"collector-0", worker, actors::worker_role::collector}},
        events, observer);
    spawned.push_back(caf::actor_cast<caf::actor>(coordinator));
    return coordinator;
  }

  run_stats wait_for(const coordinator_actor& coordinator) {
    run_stats result;
    self->request(coordinator, timeout, wait_atom::value)
        .receive([&](run_stats& s) { result = s; }, [](caf::error& e) { FAIL(caf::to_string(e)); });
    return result;
  }

  std::vector<trajectory> stored() {
    std::vector<trajectory> all;
    self->request(buffer, timeout, pull_atom::value, std::string("test"), uint64_t{0}, uint32_t{64})
        .receive([&](trajectory_batch& b) { all = b.trajectories; },
                 [](caf::error& e) { FAIL(caf::to_string(e)); });
    return all;
  }

  std::string events_text() {
    self->request(events, timeout, wait_atom::value)
        .receive([](uint64_t) {}, [](caf::error& e) { FAIL(caf::to_string(e)); });
    std::ifstream in(events_path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

}  // namespace

TEST_CASE_FIXTURE(graph_fixture,
                  "a collector fills the buffer with whole episodes until the budget stops it") {
  push_policy(1, policy_theta(7));
  auto coordinator = spawn_coordinator(3, spawn_collector(11));
  auto stats = wait_for(coordinator);
  CHECK(stats.finished);
  CHECK(stats.budget_reached);
  CHECK(stats.crashes == 0);
  auto trajectories = stored();
  REQUIRE(trajectories.size() >= 3);
  for (const auto& t : trajectories) {
    CHECK(t.source == "collector-0");
    CHECK(t.policy_version == 1);
    CHECK(t.length == uint32_t(info.horizon));
    CHECK(t.truncated);
  }
  CHECK(stats.buffer.trajectories_pushed == trajectories.size());
  auto log = events_text();
  CHECK(log.find("\"started\"") != std::string::npos);
  CHECK(log.find("\"stopped\"") != std::string::npos);
}

TEST_CASE_FIXTURE(graph_fixture, "a collector switches to a newer θ pushed while it runs") {
  push_policy(1, policy_theta(7));
  auto coordinator = spawn_coordinator(8, spawn_collector(11), caf::actor{self});
  bool pushed = false, finished = false;
  // Push v2 as soon as the first trajectory is in: an event, not a delay.
  self->receive_while([&] { return !finished; })([&](stats_atom, const run_stats& s) {
    if (!pushed && s.buffer.trajectories_pushed >= 1) {
      push_policy(2, policy_theta(8));
      pushed = true;
    }
    finished = s.finished;
  });
  auto trajectories = stored();
  REQUIRE(trajectories.size() >= 8);
  CHECK(trajectories.front().policy_version == 1);
  CHECK(trajectories.back().policy_version == 2);
  for (size_t i = 1; i < trajectories.size(); ++i)
    CHECK(trajectories[i].policy_version >= trajectories[i - 1].policy_version);
}

TEST_CASE("with the same seed a collector produces the same trajectories") {
  auto first_trajectory = [](uint64_t seed) {
    graph_fixture g;
    g.push_policy(1, g.policy_theta(3));
    g.wait_for(g.spawn_coordinator(1, g.spawn_collector(seed)));
    return g.stored().at(0);
  };
  auto a = first_trajectory(5), b = first_trajectory(5), c = first_trajectory(6);
  auto same = [](const shared_bytes& x, const shared_bytes& y) {
    return x.size() == y.size() && std::equal(x.data(), x.data() + x.size(), y.data());
  };
  CHECK(same(a.observations, b.observations));
  CHECK(same(a.actions, b.actions));
  CHECK(same(a.rewards, b.rewards));
  CHECK_FALSE(same(a.observations, c.observations));
}

TEST_CASE_FIXTURE(graph_fixture,
                  "a collector that cannot load θ crashes and the coordinator ends the run") {
  // A θ of another shape for this policy: the server stores it (its first), the collector not.
  self->request(policy_server, timeout, push_atom::value,
                tests::make_blob("policy", 1, std::vector<float>(3, 0.1f)))
      .receive([](uint64_t) {}, [](caf::error& e) { FAIL(caf::to_string(e)); });
  auto stats = wait_for(spawn_coordinator(5, spawn_collector(11)));
  CHECK(stats.finished);
  CHECK_FALSE(stats.budget_reached);
  CHECK(stats.crashes == 1);
  CHECK(stats.buffer.trajectories_pushed == 0);
  auto log = events_text();
  CHECK(log.find("\"crashed\"") != std::string::npos);
  INFO(log);
  // The reason, readable: the section at fault.
  CHECK(log.find("policy θ section 1 is values [3], expected mlp.0.weight [64, 10]") !=
        std::string::npos);
  CHECK(log.find("all_workers_down") != std::string::npos);
}

TEST_CASE(
    "the hardware actor: a collector driving the simulated arm over the link pushes "
    "whole episodes") {
  hw::robot_server_config robot_config;
  robot_config.listen = "127.0.0.1:0";
  hw::robot_server robot(robot_config);
  robot.start();
  graph_fixture g("pr2_reach");
  g.push_policy(1, g.policy_theta(3));
  envs::env_options options;
  options.horizon = 10;
  options.robot = "127.0.0.1:" + std::to_string(robot.port());
  auto stats = g.wait_for(g.spawn_coordinator(2, g.spawn_collector(5, options)));
  CHECK(stats.budget_reached);
  CHECK(stats.crashes == 0);
  auto trajectories = g.stored();
  REQUIRE(trajectories.size() >= 2);
  for (const auto& t : trajectories) {
    CHECK(t.obs_dim == 23);
    CHECK(t.length == 10);
    CHECK(t.truncated);
    // Rewards are the task's, computed by the actor from what the robot reported.
    const float* obs = t.observations.floats();
    const float* act = t.actions.floats();
    const float* rew = t.rewards.floats();
    for (uint32_t step = 0; step < t.length; ++step) {
      float expected = 0;
      envs::pr2_reward_batch(g.info, act + step * 7, obs + (step + 1) * 23, 1, &expected);
      CHECK(rew[step] == doctest::Approx(expected));
    }
  }
  // Every step was a command the robot applied, and every reset a move to the start pose.
  CHECK(robot.stats().intake.accepted >= 20);
}
