#pragma once

#include <memory>

#include "envs/env_options.hpp"
#include "envs/environment.hpp"

namespace amb::envs {

/// ant: walk forward on four legs (model envs/assets/ant.xml).
///
/// Observation [27]: 0 torso height z, 1..4 torso orientation quaternion (w, x, y, z), 5..12 hip
///   and ankle angles (front left, front right, back left, back right), 13..15 torso linear
///   velocity (13 is v_x), 16..18 torso angular velocity, 19..26 joint velocities.
/// Action [8]: motor commands in [-1, 1] (gear 150).
/// Reward: v_x - 0.1 |a|^2 - 3 (z - 0.57)^2 + 1 on the next state. No early termination;
///   200 steps of 0.05 s.
std::unique_ptr<environment> make_ant(const env_options& options);

}  // namespace amb::envs
