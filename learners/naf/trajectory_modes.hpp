#pragma once

// Trajectory modes (Gu et al. 2016, section 5.3: with wider initial state distributions, "we
// might cluster the trajectories and fit multiple models to account for different modes"). One
// set of time-varying linear models is fitted around one tube of trajectories. Episodes that
// start far apart (targets anywhere) or take different ways to a goal form several tubes, and a
// Gaussian fitted across them at a step is a model of none of them; fitted per group of similar
// episodes, each set stays local.

#include <vector>

#include "learners/naf/local_linear_models.hpp"

namespace amb::learners::naf {

/// The mode of each episode, numbered from 0, at most `modes` of them: k-means on the states
/// of the steps every episode has, each state dimension scaled by its standard deviation over
/// them. It starts from the newest episode (the last) and adds the episode farthest from the
/// centres so far until there are `modes` (no randomness: a fixed window groups alike). Modes
/// are numbered by their newest episode, latest first, so mode 0 holds the newest. Throws
/// std::invalid_argument on no episodes or `modes` below 1.
std::vector<int> trajectory_modes(const std::vector<recorded_episode>& episodes, int modes);

/// The episodes of each mode that trajectory_modes finds, mode 0 first, each group its latest
/// `per_mode` episodes in their order.
std::vector<std::vector<recorded_episode>> episodes_by_mode(
    const std::vector<recorded_episode>& episodes, int modes, size_t per_mode);

}  // namespace amb::learners::naf
