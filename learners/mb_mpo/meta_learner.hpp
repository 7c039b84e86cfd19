#pragma once

#include <memory>

#include "learners/learner.hpp"
#include "learners/mb_mpo/settings.hpp"

namespace amb::learners::mb_mpo {

/// MB-MPO's policy learner (asynchronous MB-RL paper, Algorithm 3 with MB-MPO's update): each
/// step is one meta-update of θ on the newest model φ. Per task (a member's imagined world,
/// task_rollouts.hpp): rollouts with θ, inner steps to the adapted θ', rollouts with θ'; then
/// one TRPO step on the mean post-adaptation surrogate, differentiated through the inner steps.
/// It pushes θ with each member's adapted policy (adapted_policies.hpp), the inner steps
/// re-taken from the new θ on the member's samples. Reads "model", produces "policy".
std::unique_ptr<learner> make_meta_learner(const learner_context& context,
                                           const policy_config& policy,
                                           const ensemble_config& model,
                                           const meta_learner_settings& settings);

}  // namespace amb::learners::mb_mpo
