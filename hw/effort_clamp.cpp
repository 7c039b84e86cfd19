#include "hw/effort_clamp.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace amb::hw {

namespace {

constexpr double continuous = std::numeric_limits<double>::infinity();
constexpr double soft_margin = 0.15;  // rad inside the hard range (PR2.md: 0.1-0.2)

joint_safety limited(double lower, double upper, double effort, double v_max, double k_position,
                     double k_velocity) {
  return {lower + soft_margin, upper - soft_margin, effort, v_max, k_position, k_velocity};
}

}  // namespace

const arm_safety& pr2_left_arm_safety() {
  static const arm_safety limits = {
      limited(-0.7146, 2.2854, 30, 2.09, 100, 10),             // shoulder_pan
      limited(-0.5236, 1.3963, 30, 2.08, 100, 10),             // shoulder_lift
      limited(-0.8, 3.9, 30, 3.27, 100, 2),                    // upper_arm_roll
      limited(-2.3213, 0, 30, 3.3, 100, 3),                    // elbow_flex
      joint_safety{-continuous, continuous, 30, 3.6, 100, 1},  // forearm_roll
      limited(-2.18, 0, 10, 3.08, 20, 4),                      // wrist_flex
      joint_safety{-continuous, continuous, 10, 3.6, 20, 2},   // wrist_roll
  };
  return limits;
}

double clamp_effort(const joint_safety& limits, double q, double qdot, double commanded) {
  if (!std::isfinite(q) || !std::isfinite(qdot)) return 0;
  if (!std::isfinite(commanded)) commanded = 0;
  // -k (q - inf) is +inf for a continuous joint, which the clamp turns into v_max.
  const double vel_high =
      std::clamp(-limits.k_position * (q - limits.soft_upper), -limits.v_max, limits.v_max);
  const double vel_low =
      std::clamp(-limits.k_position * (q - limits.soft_lower), -limits.v_max, limits.v_max);
  const double effort_high =
      std::clamp(-limits.k_velocity * (qdot - vel_high), -limits.effort, limits.effort);
  const double effort_low =
      std::clamp(-limits.k_velocity * (qdot - vel_low), -limits.effort, limits.effort);
  // soft_lower < soft_upper gives vel_low <= vel_high, so effort_low <= effort_high.
  return std::clamp(commanded, effort_low, effort_high);
}

}  // namespace amb::hw
