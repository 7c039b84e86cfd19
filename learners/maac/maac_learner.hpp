#pragma once

#include <memory>

#include "learners/learner.hpp"
#include "learners/maac/settings.hpp"

namespace amb::learners::maac {

/// MAAC's policy learner (Clavera et al. 2020, Algorithm 1, lines 7-11): on the newest model φ
/// and the real transitions the data buffer delivered, each update fits the twin critics to
/// targets expanded H steps through the model, on a mix of real and imagined transitions; moves
/// θ along the pathwise gradient of the H-step objective with the critics' terminal value; and
/// moves the temperature towards an entropy of -|A|. A step is `updates_per_step` updates, and
/// θ (policy, critics and the model they were improved on) is pushed after each.
std::unique_ptr<learner> make_maac_learner(const learner_context& context,
                                           const maac_settings& settings);

}  // namespace amb::learners::maac
