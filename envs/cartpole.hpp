#pragma once

#include <memory>

#include "envs/env_options.hpp"
#include "envs/environment.hpp"

namespace amb::envs {

/// cartpole: swing a pole up from hanging down and balance it over a cart on a rail
/// (envs/assets/cartpole.xml; the first row of the NAF paper's Table 1).
///
/// Observation [5]: 0 cart position (m); 1..2 cos and sin of the pole angle (0 upright);
///   3 cart velocity (m/s); 4 pole angular velocity (rad/s).
/// Action [1]: force on the cart in [-1, 1] (x 10 N).
/// Reward: cos(angle) - 0.1 position² - 0.01 |a|² on the next state: -1 per step hanging still,
///   up to 1 balanced over the centre. No termination; 100 steps of 0.05 s.
/// Reset: the pole within 0.05 rad of hanging straight down, the cart within 0.05 m of the
///   centre, velocities within 0.05 (a narrow initial state, as local linear models need).
std::unique_ptr<environment> make_cartpole(const env_options& options);

}  // namespace amb::envs
