#pragma once

#include <torch/types.h>

#include "envs/environment.hpp"
#include "learners/advantages.hpp"
#include "learners/ensemble_network.hpp"
#include "learners/gaussian_mlp_module.hpp"

namespace amb::learners {

/// Rolls the policy out in the learned model (ME-TRPO's imagined trajectories): from start
/// states [N, obs_dim] taken from real data, `horizon` steps, each row of each step through a
/// member drawn at random (so no single member's errors are exploited throughout), actions
/// sampled from the policy, rewards from the task's own batched reward function.
path_batch imagine(ensemble_network& model, gaussian_mlp_module& policy,
                   const envs::environment& task, const torch::Tensor& start_states, int horizon,
                   at::Generator& generator);

}  // namespace amb::learners
