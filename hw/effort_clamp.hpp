#pragma once

#include <array>

#include "envs/pr2_tasks.hpp"

namespace amb::hw {

/// One joint's safety limits (shared/PR2.md, "Effort clamp with soft limits").
struct joint_safety {
  double soft_lower = 0;  // rad; -inf for a continuous joint
  double soft_upper = 0;  // rad; +inf for a continuous joint
  double effort = 0;      // N·m, the most the motor may apply either way
  double v_max = 0;       // rad/s
  double k_position = 0;  // (rad/s) per rad past a soft limit
  double k_velocity = 0;  // N·m per rad/s
};

using arm_safety = std::array<joint_safety, envs::pr2_joints>;

/// The PR2 left arm's limits: soft limits 0.15 rad inside the joint ranges, efforts, velocity
/// limits and gains of shared/PR2.md, joint order of envs/assets/pr2_arm.xml.
const arm_safety& pr2_left_arm_safety();

/// The effort a joint may apply given what was commanded, the PR2 controller manager's rule:
///   vel_high = clamp(-k_position (q - soft_upper), -v_max, v_max), vel_low with soft_lower;
///   effort_high = clamp(-k_velocity (qdot - vel_high), -effort, effort), effort_low likewise;
///   applied = clamp(commanded, effort_low, effort_high).
/// So past a soft limit, or faster than v_max, the joint can only be pushed back. A non-finite
/// command counts as zero, and a non-finite q or qdot (a broken sensor) gives zero effort.
double clamp_effort(const joint_safety& limits, double q, double qdot, double commanded);

}  // namespace amb::hw
