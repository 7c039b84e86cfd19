// The simulated arm behind its real-time loop and the robot link, driven over loopback UDP: by
// the hardware actor's environment, by a hand-written controller, and by garbage.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "hw/robot_link_env.hpp"
#include "hw/robot_server.hpp"
#include "tests/amb_command.hpp"

using namespace amb;
using namespace amb::hw;

namespace {

struct simulated_robot {
  robot_server server;
  std::string address;

  explicit simulated_robot(const std::string& task = "reach")
      : server([&] {
          robot_server_config config;
          config.task = task;
          config.listen = "127.0.0.1:0";
          return config;
        }()) {
    server.start();
    address = "127.0.0.1:" + std::to_string(server.port());
  }
};

// A controller written against the protocol alone, for what the environment never does.
struct raw_controller {
  udp_endpoint socket{"127.0.0.1:0"};
  boost::asio::ip::udp::endpoint robot;
  uint64_t session = 0xC0FFEE;
  uint64_t sequence = 0;
  arm_state state{};

  explicit raw_controller(const std::string& address) : robot(parse_udp_address(address)) {}

  void send(datagram_kind kind, const joint_values& values) {
    datagram_bytes bytes{};
    const size_t size = encode_command({kind, session, ++sequence, 0}, {state.tick, values}, bytes);
    socket.send_to(bytes.data(), size, robot);
  }

  const arm_state& next_state() {
    std::array<uint8_t, max_datagram_size + 1> buffer{};
    for (;;) {
      auto got = socket.receive(buffer.data(), buffer.size(), std::chrono::seconds(5));
      REQUIRE(got);
      link_datagram datagram;
      if (decode_datagram(buffer.data(), got->size, datagram).empty() &&
          datagram.state.tick > state.tick) {
        state = datagram.state;
        return state;
      }
    }
  }
};

}  // namespace

TEST_CASE("the hardware actor's environment runs episodes on the simulated arm over loopback UDP" *
          doctest::test_suite("alone")) {
  simulated_robot robot;
  robot_link_config config;
  config.robot = robot.address;
  config.horizon = 10;
  robot_link_env env(config);
  CHECK(env.info().obs_dim == 23);
  CHECK(env.info().act_dim == 7);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<float> torque(-5, 5);
  for (uint64_t episode = 0; episode < 2; ++episode) {
    auto obs = env.reset(episode);
    REQUIRE(obs.size() == 23);
    // Settled at the start pose (within the noise and tolerance), at rest.
    const auto& start = envs::pr2_task_named("reach").start_pose;
    for (int j = 0; j < 7; ++j) {
      CHECK(std::abs(obs[j] - start[j]) < 0.05);
      CHECK(std::abs(obs[7 + j]) < 0.05);
    }
    const auto start_tick = env.last_state().tick;
    for (int t = 0; t < 10; ++t) {
      std::vector<float> action(7);
      for (auto& a : action) a = torque(rng);
      auto step = env.step(action);
      REQUIRE(step.observation.size() == 23);
      for (float x : step.observation) REQUIRE(std::isfinite(x));
      CHECK(std::isfinite(step.reward));
      CHECK(step.truncated == (t == 9));
      CHECK(env.last_state().mode == arm_mode::torque);
    }
    // Ten controller periods of the robot's loop went by, 100 ticks each.
    CHECK(env.last_state().tick - start_tick >= 1000);
    // The arm moved under the torques.
    double moved = 0;
    for (int j = 0; j < 7; ++j) moved += std::abs(env.last_state().q[j] - start[j]);
    CHECK(moved > 0.01);
  }
  CHECK(env.counts().holds == 0);
  CHECK(robot.server.stats().intake.accepted >= 20);
  // A wrong action never reaches the link.
  const auto accepted = robot.server.stats().intake.accepted;
  CHECK_THROWS_WITH_AS(env.step({1.0f}), doctest::Contains("expected 7"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(env.step(std::vector<float>(7, std::nanf(""))), doctest::Contains("NaN"),
                       std::invalid_argument);
  CHECK(robot.server.stats().intake.accepted == accepted);
}

TEST_CASE("over the link, a stopped command stream leads to the hold within 3 controller periods") {
  simulated_robot robot;
  raw_controller controller(robot.address);
  controller.send(datagram_kind::clear_halt, {});  // introduces us: states start coming
  controller.next_state();
  for (int period = 0; period < 10; ++period) {
    controller.send(datagram_kind::torque, {1, 1, 1, 1, 1, 0.5, 0.5});
    const auto& state = controller.next_state();
    if (period > 0) REQUIRE(state.mode == arm_mode::torque);
  }
  // Silence. The robot keeps reporting; wait for the report of the hold.
  const arm_state* state = &controller.next_state();
  while (state->mode != arm_mode::hold) {
    REQUIRE(state->mode == arm_mode::torque);
    state = &controller.next_state();
  }
  CHECK(state->mode_tick > state->command_tick);
  CHECK(state->mode_tick - state->command_tick <= 300);
  CHECK(state->command_sequence == controller.sequence);
}

TEST_CASE("garbage on the link is refused, never applied, and the robot keeps serving") {
  simulated_robot robot;
  udp_endpoint attacker("127.0.0.1:0");
  const auto target = parse_udp_address(robot.address);
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 400);
  uint64_t sent = 0;
  for (int batch = 0; batch < 50; ++batch) {
    for (int i = 0; i < 20; ++i, ++sent) {
      std::vector<uint8_t> garbage(length(rng));
      for (auto& b : garbage) b = static_cast<uint8_t>(byte(rng));
      // Every other one looks like a command until its CRC is checked.
      if (garbage.size() >= 8 && i % 2) {
        garbage.resize(command_datagram_size);
        const uint8_t header[] = {'A', 'M', 'B', 'R', 1, 0, 2, 0};
        std::copy(std::begin(header), std::end(header), garbage.begin());
      }
      attacker.send_to(garbage.data(), garbage.size(), target);
    }
    // Wait until the robot has looked at this batch, so the socket buffer never overflows.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (robot.server.stats().intake.malformed < sent &&
           std::chrono::steady_clock::now() < give_up)
      std::this_thread::yield();
    REQUIRE(robot.server.stats().intake.malformed == sent);
  }
  auto stats = robot.server.stats();
  CHECK(stats.intake.accepted == 0);
  CHECK(stats.mode == arm_mode::idle);
  // Still serving: a real controller runs an episode.
  robot_link_config config;
  config.robot = robot.address;
  config.horizon = 5;
  robot_link_env env(config);
  env.reset(1);
  for (int t = 0; t < 5; ++t) env.step(std::vector<float>(7, 1.0f));
  CHECK(env.last_state().mode == arm_mode::torque);
}

TEST_CASE("a refused datagram from another port never draws the state stream away") {
  simulated_robot robot;
  raw_controller controller(robot.address);
  controller.send(datagram_kind::torque, {});  // its first word: no state to answer yet
  controller.next_state();
  controller.send(datagram_kind::torque, {});  // answers that state: taken
  uint64_t before = controller.next_state().tick;
  while (before < 800) before = controller.next_state().tick;  // long enough for old states
  // Another sender's datagram, whole and well-formed but answering a state 0.5 s old (the
  // intake takes answers to states up to 0.25 s old).
  raw_controller intruder(robot.address);
  intruder.session = 0xBAD;
  intruder.state.tick = before - 500;
  intruder.send(datagram_kind::torque, {});
  // The controller keeps getting newer states; the intruder gets none.
  CHECK(controller.next_state().tick > before);
  CHECK(controller.next_state().tick > before);
  std::array<uint8_t, max_datagram_size + 1> buffer{};
  CHECK_FALSE(
      intruder.socket.receive(buffer.data(), buffer.size(), std::chrono::milliseconds(300)));
  CHECK(robot.server.stats().intake.too_late >= 1);
}

TEST_CASE("amb run against a robot that never answers stops with an error naming its address") {
  amb::tests::scratch_dir dir("robot-silent");
  // An address that takes datagrams and never answers: a socket we hold and never read.
  udp_endpoint silent{"127.0.0.1:0"};
  const auto address = "127.0.0.1:" + std::to_string(silent.local_endpoint().port());
  const auto out = dir.path / "run";
  const auto result = amb::tests::run_amb(
      "run configs/pr2_reach_random.json --out " + out.string() + " --set env.robot=" + address +
          " --set budget.wall_seconds=600 --set evaluation.interval_seconds=0",
      AMB_SOURCE_DIR);
  INFO(result.output);
  CHECK(result.exit_code == 1);
  CHECK(result.output.find("failed: unreachable: the robot at " + address + " never answered") !=
        std::string::npos);
  std::ifstream summary(out / "summary.json");
  const auto stop_reason = nlohmann::json::parse(summary).at("stop_reason").get<std::string>();
  CHECK(stop_reason.find("the robot at " + address + " never answered") != std::string::npos);
  CHECK(stop_reason.find("3 starts in a row") != std::string::npos);
}
