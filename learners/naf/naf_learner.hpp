#pragma once

#include <memory>

#include "learners/learner.hpp"
#include "learners/naf/settings.hpp"

namespace amb::learners::naf {

/// NAF's policy learner (Gu et al. 2016, Algorithm 2 without the collection): Q updates on real
/// transitions, `updates_per_env_step` (I) per real step delivered, and, while imagination is
/// on, `imagined_updates_per_real` updates on imagined transitions per real one, the imagined
/// ones rolled out `imagined_length` (l) steps through the newest local models (one rollout per
/// real step). θ is the Q network, from which the greedy policy μ is read, and the iLQG
/// controller the model learner planned into φ, passed on for the collectors; it is pushed
/// after every `updates_per_step` real updates. Settled once it has made I updates per real step:
/// nothing to learn until new data.
std::unique_ptr<learner> make_naf_learner(const learner_context& context,
                                          const naf_settings& settings);

}  // namespace amb::learners::naf
