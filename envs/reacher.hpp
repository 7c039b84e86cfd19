#pragma once

#include <memory>

#include "envs/env_options.hpp"
#include "envs/environment.hpp"

namespace amb::envs {

/// reacher: bring the fingertip of a 2-link planar arm to a target (envs/assets/reacher.xml).
///
/// Observation [10]: 0..1 cos of shoulder, elbow; 2..3 sin of shoulder, elbow; 4..5 target x, y;
///   6..7 shoulder and elbow velocities; 8..9 fingertip minus target (x, y). Units: m, rad/s.
/// Action [2]: motor commands in [-1, 1].
/// Reward: -|fingertip - target| - |a|^2 on the next state. No termination; 50 steps of 0.02 s.
/// Reset: the target is drawn uniformly in a disc of radius 0.2 m; the arm starts near zero.
std::unique_ptr<environment> make_reacher(const env_options& options);

/// reacher_single_target: the reacher with its target always at (0.1, 0.1) m, the "single-target
/// variant" on which the NAF paper fits its local linear models (they need a narrow initial
/// state). Observation, action and reward as the reacher's.
std::unique_ptr<environment> make_reacher_single_target(const env_options& options);

/// reacher3: the NAF paper's three-joint reacher, a 3-link planar arm of the same reach
/// (envs/assets/reacher3.xml), whose extra joint gives it a continuum of poses at the target.
///
/// Observation [13]: 0..2 cos of shoulder, elbow, wrist; 3..5 their sin; 6..7 target x, y;
///   8..10 the joints' velocities; 11..12 fingertip minus target (x, y).
/// Action [3]: motor commands in [-1, 1]. Reward, steps and reset as the reacher's.
std::unique_ptr<environment> make_reacher3(const env_options& options);

/// reacher3_single_target: reacher3 with its target always at (0.1, 0.1) m, the paper's
/// single-target variant of its reacher.
std::unique_ptr<environment> make_reacher3_single_target(const env_options& options);

}  // namespace amb::envs
