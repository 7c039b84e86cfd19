// The soft-limit effort clamp of shared/PR2.md: whatever is commanded, the arm only ever gets
// efforts within its limits that never push a joint further past a soft limit.
#include "hw/effort_clamp.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace amb::hw;

namespace {

// Commands an attacker or a broken learner might send.
std::vector<double> adversarial_commands(double effort) {
  const double inf = std::numeric_limits<double>::infinity();
  return {0.0,
          effort,
          -effort,
          10 * effort,
          -10 * effort,
          1e308,
          -1e308,
          inf,
          -inf,
          std::numeric_limits<double>::quiet_NaN(),
          std::numeric_limits<double>::denorm_min()};
}

}  // namespace

TEST_CASE("the applied effort stays within the effort limit for random and adversarial commands") {
  const auto& arm = pr2_left_arm_safety();
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> position(-4, 4), velocity(-6, 6), command(-200, 200);
  int cases = 0;
  for (int j = 0; j < 7; ++j) {
    const auto& limits = arm[j];
    for (int trial = 0; trial < 2000; ++trial) {
      const double q = position(rng), qdot = velocity(rng);
      auto commands = adversarial_commands(limits.effort);
      commands.push_back(command(rng));
      for (double u : commands) {
        const double applied = clamp_effort(limits, q, qdot, u);
        REQUIRE(std::isfinite(applied));
        REQUIRE(std::abs(applied) <= limits.effort);
        // Past a soft limit and still moving outwards, the joint can only be pushed back.
        if (q > limits.soft_upper && qdot >= 0) REQUIRE(applied <= 0);
        if (q < limits.soft_lower && qdot <= 0) REQUIRE(applied >= 0);
        // Faster than v_max, the effort can only slow the joint.
        if (qdot > limits.v_max) REQUIRE(applied <= 0);
        if (qdot < -limits.v_max) REQUIRE(applied >= 0);
        ++cases;
      }
    }
  }
  CHECK(cases == 7 * 2000 * 12);
}

TEST_CASE("inside the soft limits at rest a moderate command passes unchanged") {
  const auto& arm = pr2_left_arm_safety();
  for (int j = 0; j < 7; ++j) {
    const auto& limits = arm[j];
    const double middle =
        std::isfinite(limits.soft_upper) ? (limits.soft_lower + limits.soft_upper) / 2 : 0.0;
    CHECK(clamp_effort(limits, middle, 0, 0.5) == doctest::Approx(0.5));
    CHECK(clamp_effort(limits, middle, 0, -0.5) == doctest::Approx(-0.5));
    // At rest the most a joint may push is k_velocity · v_max, within the effort limit.
    const double most = std::min(limits.effort, limits.k_velocity * limits.v_max);
    CHECK(clamp_effort(limits, middle, 0, 1000) == doctest::Approx(most));
    CHECK(clamp_effort(limits, middle, 0, -1000) == doctest::Approx(-most));
  }
}

TEST_CASE("a non-finite command or sensor reading gives no effort") {
  const auto& shoulder = pr2_left_arm_safety()[0];
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(clamp_effort(shoulder, 0.5, 0, nan) == 0);
  CHECK(clamp_effort(shoulder, nan, 0, 10) == 0);
  CHECK(clamp_effort(shoulder, 0.5, nan, 10) == 0);
}
