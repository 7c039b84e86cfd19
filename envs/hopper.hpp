#pragma once

#include <memory>

#include "envs/env_options.hpp"
#include "envs/environment.hpp"

namespace amb::envs {

/// hopper: hop forward without falling (model envs/assets/hopper.xml).
///
/// Observation [11]: 0 torso height h, 1 torso pitch, 2..4 thigh, leg, foot angles, 5 forward
///   velocity v_x, 6 vertical velocity, 7 pitch rate, 8..10 joint velocities. Units: m, rad, m/s.
/// Action [3]: motor commands in [-1, 1] (gear 200).
/// Reward: v_x - 0.1 |a|^2 - 3 (h - 1.3)^2 + 1 on the next state. No early termination (as in
///   the asynchronous MB-RL paper); 200 steps of 0.008 s.
std::unique_ptr<environment> make_hopper(const env_options& options);

}  // namespace amb::envs
