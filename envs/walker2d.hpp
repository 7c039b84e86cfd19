#pragma once

#include <memory>

#include "envs/env_options.hpp"
#include "envs/environment.hpp"

namespace amb::envs {

/// walker2d: walk forward on two legs (model envs/assets/walker2d.xml).
///
/// Observation [17]: 0 torso height h, 1 torso pitch, 2..7 right thigh, leg, foot and left
///   thigh, leg, foot angles, 8 forward velocity v_x, 9 vertical velocity, 10 pitch rate,
///   11..16 joint velocities. Units: m, rad, m/s.
/// Action [6]: motor commands in [-1, 1] (gear 100).
/// Reward: v_x - 0.1 |a|^2 - 3 (h - 1.3)^2 + 1 on the next state. No early termination;
///   200 steps of 0.008 s.
std::unique_ptr<environment> make_walker2d(const env_options& options);

}  // namespace amb::envs
