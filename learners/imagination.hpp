#pragma once

#include <torch/types.h>

#include <functional>

#include "envs/environment.hpp"
#include "learners/advantages.hpp"
#include "learners/ensemble_network.hpp"
#include "learners/gaussian_mlp_module.hpp"
#include "learners/member_selection.hpp"

namespace amb::learners {

/// How an imagined rollout acts: actions [n, act_dim] for states [n, obs_dim], given standard
/// normal noise [n, act_dim] to explore with.
using imagined_actor =
    std::function<torch::Tensor(const torch::Tensor& obs, const torch::Tensor& noise)>;

/// Rollouts in the learned model of any actor (MB-MPO's adapted policies, one per task): from
/// start states [N, obs_dim] taken from real data, `horizon` steps through the members
/// `members` selects, actions from `act`, rewards from the task's own batched reward function.
/// The model receives each action clipped into the task's bounds, as the actuators do (the
/// ME-TRPO code clips them too): unclipped, a policy whose mean drifted past the bounds would
/// drive the model where no real transition was ever seen and earn returns from its
/// extrapolation. The paths keep the sampled actions, whose log-probabilities the policy
/// gradient needs. Without gradients.
path_batch imagine(ensemble_network& model, const imagined_actor& act, int act_dim,
                   const envs::environment& task, const torch::Tensor& start_states, int horizon,
                   member_selection& members, at::Generator& generator);

/// Rolls the policy out in the learned model (ME-TRPO's imagined trajectories): from start
/// states [N, obs_dim] taken from real data, `horizon` steps through the members `members`
/// selects (ME-TRPO: drawn anew every step, so no single member's errors are exploited
/// throughout), actions sampled from the policy, rewards from the task's own batched reward
/// function. Actions sampled from the policy, clipped for the model as above. Without gradients.
path_batch imagine(ensemble_network& model, gaussian_mlp_module& policy,
                   const envs::environment& task, const torch::Tensor& start_states, int horizon,
                   member_selection& members, at::Generator& generator);

}  // namespace amb::learners
