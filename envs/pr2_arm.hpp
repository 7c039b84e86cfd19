#pragma once

#include <memory>

#include "envs/env_options.hpp"
#include "envs/environment.hpp"

namespace amb::envs {

/// pr2_reach, pr2_insert, pr2_stack: the PR2-like 7-DOF left arm (envs/assets/pr2_arm.xml)
/// simulated in-process, one step per 0.1 s of simulated time. Observation, action and reward
/// are those of envs/pr2_tasks.hpp; the target is fixed per task, as in the paper, where each
/// task was learned for one target.
/// Reset: the task's start pose plus ±0.02 rad per joint, at rest. 100 steps per episode.
std::unique_ptr<environment> make_pr2_reach(const env_options& options);
std::unique_ptr<environment> make_pr2_insert(const env_options& options);
std::unique_ptr<environment> make_pr2_stack(const env_options& options);

}  // namespace amb::envs
