#pragma once

#include <memory>

#include "learners/learner.hpp"
#include "learners/policy_gradient/settings.hpp"

namespace amb::learners::policy_gradient {

/// The policy learner of the model-free baselines: once `paths_per_step` new real trajectories
/// have arrived, one update of the Gaussian MLP on them (cut to the shortest one's length: the
/// tasks truncate at their horizon, so they are equally long). Produces "policy".
std::unique_ptr<learner> make_real_paths_learner(const learner_context& context,
                                                 const policy_config& policy,
                                                 const real_path_source& paths,
                                                 const advantage_config& advantage,
                                                 const update_rule& rule);

}  // namespace amb::learners::policy_gradient
