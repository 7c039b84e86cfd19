// The real-time loop on a real thread: a stall inside the loop is caught by the watchdog.
#include "hw/realtime_loop.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "hw/arm_controller.hpp"

using namespace amb::hw;

TEST_CASE("a stalled real-time loop trips the watchdog and the arm is halted") {
  arm_controller controller;
  joint_values q{0.5, 0.3, 1.5, -1.0, 0.0, -0.5, 0.0}, qdot{}, effort{};
  std::atomic<arm_mode> mode{arm_mode::idle};
  constexpr uint64_t stall_at = 700;
  realtime_loop loop({}, [&](uint64_t tick, realtime_loop::clock::time_point now) {
    // The fault under test: one tick that takes a second, as a blocked driver call would.
    if (tick == stall_at) std::this_thread::sleep_for(std::chrono::seconds(1));
    controller.tick(now, q.data(), qdot.data(), nullptr, effort.data());
    mode.store(controller.mode());
  });
  loop.start();
  // Wait for the halt itself, with a generous bound for a loaded machine.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (mode.load() != arm_mode::halted && std::chrono::steady_clock::now() < give_up)
    std::this_thread::yield();
  loop.stop();
  CHECK(mode.load() == arm_mode::halted);
  const auto timing = loop.timing();
  CHECK(timing.ticks > stall_at);
  CHECK(timing.overruns >= 1);  // the stalled tick, snapped ahead rather than replayed
  for (double e : effort) CHECK(e == 0);
}
