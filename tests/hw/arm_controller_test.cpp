// The robot loop's per-tick logic, driven tick by tick with a made-up clock: command hold, the
// command timeout, the watchdog halt and its reset.
#include "hw/arm_controller.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <random>

using namespace amb::hw;
using clock_type = std::chrono::steady_clock;
using std::chrono::microseconds;
using std::chrono::milliseconds;

namespace {

constexpr int ticks_per_controller_period = 100;  // 1 kHz loop, 10 Hz controller

struct arm_at_rest {
  joint_values q{0.5, 0.3, 1.5, -1.0, 0.0, -0.5, 0.0};
  joint_values qdot{0.3, -0.2, 0.1, 0.4, -0.1, 0.2, 0.1};  // moving, so a damping hold shows
  joint_values effort{};
};

arm_command torque(uint64_t sequence, clock_type::time_point at, double value) {
  arm_command c;
  c.kind = command_kind::torque;
  c.sequence = sequence;
  c.values.fill(value);
  c.received = at;
  return c;
}

}  // namespace

TEST_CASE("a stopped command stream leads to the hold within 3 controller periods") {
  for (auto hold : {hold_kind::damping, hold_kind::zero_torque}) {
    arm_controller_config config;
    config.hold = hold;
    arm_controller controller(config);
    arm_at_rest arm;
    const auto start = clock_type::now();
    uint64_t last_command_tick = 0;
    int64_t hold_tick = -1;
    for (uint64_t tick = 0; tick < 2000 && hold_tick < 0; ++tick) {
      const auto now = start + milliseconds(tick);
      // Commands at 10 Hz for the first second, then nothing.
      std::optional<arm_command> fresh;
      if (tick < 1000 && tick % ticks_per_controller_period == 0) {
        fresh = torque(tick / ticks_per_controller_period + 1, now, 1.0);
        last_command_tick = tick;
      }
      controller.tick(now, arm.q.data(), arm.qdot.data(), fresh ? &*fresh : nullptr,
                      arm.effort.data());
      if (tick < 1000) REQUIRE(controller.mode() == arm_mode::torque);  // 10 Hz keeps it alive
      if (controller.mode() == arm_mode::hold) hold_tick = static_cast<int64_t>(tick);
    }
    REQUIRE(hold_tick > 0);
    CHECK(hold_tick - static_cast<int64_t>(last_command_tick) <= 3 * ticks_per_controller_period);
    // The hold: damping against the motion, or nothing at all.
    for (int j = 0; j < 7; ++j) {
      if (hold == hold_kind::zero_torque) {
        CHECK(arm.effort[j] == 0);
      } else {
        CHECK(arm.effort[j] * arm.qdot[j] < 0);
      }
    }
  }
}

TEST_CASE("the applied effort is clamped in every mode, whatever is commanded") {
  arm_controller controller;
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<double> position(-3, 3), velocity(-5, 5), command(-1e6, 1e6);
  const auto& safety = pr2_left_arm_safety();
  const auto start = clock_type::now();
  for (uint64_t tick = 0; tick < 5000; ++tick) {
    const auto now = start + milliseconds(tick);
    arm_at_rest arm;
    for (int j = 0; j < 7; ++j) arm.q[j] = position(rng), arm.qdot[j] = velocity(rng);
    arm_command fresh = torque(tick + 1, now, 0);
    fresh.kind = tick % 3 == 0 ? command_kind::move_to : command_kind::torque;
    for (auto& v : fresh.values) v = command(rng);
    // Every seventh tick brings nothing, so timeouts and holds are exercised too.
    controller.tick(now, arm.q.data(), arm.qdot.data(), tick % 7 ? &fresh : nullptr,
                    arm.effort.data());
    for (int j = 0; j < 7; ++j) {
      REQUIRE(std::abs(arm.effort[j]) <= safety[j].effort);
      REQUIRE(arm.effort[j] ==
              doctest::Approx(clamp_effort(safety[j], arm.q[j], arm.qdot[j], arm.effort[j])));
    }
  }
}

TEST_CASE("a loop running too slowly trips the watchdog, which halts the arm until cleared") {
  arm_controller controller;
  arm_at_rest arm;
  auto now = clock_type::now();
  uint64_t sequence = 0;
  // At 1 kHz the watchdog stays quiet.
  for (int tick = 0; tick < 1000; ++tick) {
    now += milliseconds(1);
    auto fresh = torque(++sequence, now, 2.0);
    controller.tick(now, arm.q.data(), arm.qdot.data(), &fresh, arm.effort.data());
  }
  REQUIRE(controller.mode() == arm_mode::torque);
  // At 500 Hz (mean of three 200 ms samples below 750 Hz) it trips.
  int ticks_to_trip = 0;
  while (controller.mode() != arm_mode::halted && ticks_to_trip < 1000) {
    now += milliseconds(2);
    auto fresh = torque(++sequence, now, 2.0);
    controller.tick(now, arm.q.data(), arm.qdot.data(), &fresh, arm.effort.data());
    ++ticks_to_trip;
  }
  REQUIRE(controller.mode() == arm_mode::halted);
  CHECK(ticks_to_trip > 100);  // it needed samples at the low rate, not one slow tick
  for (double e : arm.effort) CHECK(e == 0);
  // Commands do not move a halted arm, even at full rate again.
  for (int tick = 0; tick < 500; ++tick) {
    now += milliseconds(1);
    auto fresh = torque(++sequence, now, 2.0);
    controller.tick(now, arm.q.data(), arm.qdot.data(), &fresh, arm.effort.data());
    REQUIRE(controller.mode() == arm_mode::halted);
    for (double e : arm.effort) REQUIRE(e == 0);
  }
  // clear_halt resets it; the next command is applied.
  arm_command clear;
  clear.kind = command_kind::clear_halt;
  clear.sequence = ++sequence;
  clear.received = now;
  now += milliseconds(1);
  controller.tick(now, arm.q.data(), arm.qdot.data(), &clear, arm.effort.data());
  CHECK(controller.mode() == arm_mode::idle);
  now += milliseconds(1);
  auto fresh = torque(++sequence, now, 2.0);
  controller.tick(now, arm.q.data(), arm.qdot.data(), &fresh, arm.effort.data());
  CHECK(controller.mode() == arm_mode::torque);
  CHECK(controller.command_sequence() == sequence);
}

TEST_CASE("one tick late by a few hundred microseconds does not trip the watchdog") {
  arm_controller controller;
  arm_at_rest arm;
  auto now = clock_type::now();
  for (int tick = 0; tick < 3000; ++tick) {
    now += tick % 50 == 0 ? microseconds(1400) : microseconds(1000);  // jitter, not a stall
    controller.tick(now, arm.q.data(), arm.qdot.data(), nullptr, arm.effort.data());
  }
  CHECK(controller.mode() != arm_mode::halted);
}
