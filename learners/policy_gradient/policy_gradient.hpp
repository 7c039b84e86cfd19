#pragma once

#include <string>

#include "learners/algorithm.hpp"

namespace amb::learners::policy_gradient {

/// Where the policy learner's paths come from.
enum class path_source {
  imagined,  // in the learned model, which a model learner fits (ME-TRPO, ME-PPO)
  real,      // the collectors' trajectories (model-free TRPO, PPO)
};

/// How the Gaussian MLP is improved on them.
enum class update_kind { trpo, ppo };

/// A policy-gradient algorithm for the registry: its sections ("policy", with imagined paths also
/// "model", and "policy_learner"), its learners and its acting policy, the Gaussian MLP.
algorithm policy_gradient_algorithm(path_source source, update_kind update, std::string summary);

}  // namespace amb::learners::policy_gradient
