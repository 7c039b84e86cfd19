#pragma once

#include <torch/types.h>

#include "envs/environment.hpp"
#include "learners/advantages.hpp"
#include "learners/ensemble_network.hpp"
#include "learners/gaussian_mlp_module.hpp"
#include "learners/member_selection.hpp"

namespace amb::learners {

/// Rolls the policy out in the learned model (ME-TRPO's imagined trajectories): from start
/// states [N, obs_dim] taken from real data, `horizon` steps through the members `members`
/// selects (ME-TRPO: drawn anew every step, so no single member's errors are exploited
/// throughout), actions sampled from the policy, rewards from the task's own batched reward
/// function. Without gradients.
path_batch imagine(ensemble_network& model, gaussian_mlp_module& policy,
                   const envs::environment& task, const torch::Tensor& start_states, int horizon,
                   member_selection& members, at::Generator& generator);

}  // namespace amb::learners
