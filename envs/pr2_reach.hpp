#pragma once

#include <memory>

#include "envs/env_options.hpp"
#include "envs/environment.hpp"

namespace amb::envs {

/// pr2_reach: move the tool of a PR2-like 7-DOF left arm to a target pose
/// (envs/assets/pr2_arm.xml; the paper's PR2 setup, shared/PR2.md).
///
/// Observation [23]: 0..6 joint angles q (rad), 7..13 joint velocities (rad/s), 14..22 the three
///   end-effector points minus their positions at the target pose (x, y, z each, m).
/// Action [7]: joint torques (N·m) within the effort limits 30, 30, 30, 30, 30, 10, 10, held for
///   0.1 s (10 Hz).
/// Reward, with d^2 the squared norm of observation 14..22 of the next state:
///   Distance: -w d^2 - v log(d^2 + alpha), w = 1, v = 1, alpha = 1e-5 (quadratic far away,
///     Lorentzian-like sharpness near the goal).
///   Velocity: -1e-3 |qdot|^2, so the arm settles.
///   Torque: -1e-4 |u|^2, so it does not push against itself.
/// Reset: a fixed start pose plus ±0.02 rad; the target pose is the start pose moved by up to
///   ±0.4 rad per joint (within limits), so it is always reachable. 100 steps per episode.
std::unique_ptr<environment> make_pr2_reach(const env_options& options);

}  // namespace amb::envs
