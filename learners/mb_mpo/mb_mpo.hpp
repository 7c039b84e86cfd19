#pragma once

#include <string>

#include "learners/algorithm.hpp"

namespace amb::learners::mb_mpo {

/// MB-MPO (Clavera et al. 2018) for the registry: the ensemble learner as model learner, the
/// meta-learner (meta_learner.hpp) as policy learner, and collectors acting with the members'
/// adapted policies in turn (adapted_acting_policy.hpp). Sections "policy", "model",
/// "policy_learner" (settings.hpp).
algorithm mb_mpo_algorithm(std::string summary);

}  // namespace amb::learners::mb_mpo
