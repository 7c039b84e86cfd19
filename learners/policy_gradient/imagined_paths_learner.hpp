#pragma once

#include <memory>

#include "learners/learner.hpp"
#include "learners/policy_gradient/settings.hpp"

namespace amb::learners::policy_gradient {

/// The policy learner of ME-TRPO and ME-PPO (asynchronous MB-RL paper, Algorithm 2): the real
/// states of every new episode become start states; each step imagines `imagined_paths` rollouts
/// of `imagined_horizon` steps in the latest model φ from random start states, then takes one
/// update of the Gaussian MLP on them. Reads the "model" server, produces "policy".
std::unique_ptr<learner> make_imagined_paths_learner(
    const learner_context& context, const policy_config& policy, const ensemble_config& model,
    const imagined_path_source& paths, const advantage_config& advantage, const update_rule& rule);

}  // namespace amb::learners::policy_gradient
