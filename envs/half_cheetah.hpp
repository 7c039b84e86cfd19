#pragma once

#include <memory>

#include "envs/env_options.hpp"
#include "envs/environment.hpp"

namespace amb::envs {

/// half_cheetah: run forward (model envs/assets/half_cheetah.xml).
///
/// Observation [17]: 0 root z, 1 root pitch, 2..7 joint angles (back thigh, shin, foot, front
///   thigh, shin, foot), 8 forward velocity v_x, 9 vertical velocity, 10 pitch rate, 11..16 joint
///   velocities. Units: m, rad, m/s, rad/s.
/// Action [6]: motor commands in [-1, 1] (gears 120, 90, 60, 120, 60, 30).
/// Reward: v_x of the next state - 0.1 |a|^2. No termination; 200 steps of 0.05 s.
std::unique_ptr<environment> make_half_cheetah(const env_options& options);

}  // namespace amb::envs
