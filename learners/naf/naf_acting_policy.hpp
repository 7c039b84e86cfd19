#pragma once

#include <memory>

#include "learners/acting_policy.hpp"
#include "learners/naf/settings.hpp"

namespace amb::learners::naf {

/// NAF's θ as an acting policy: the Q network's greedy action μ(x) when evaluating, plus
/// Gaussian noise of `exploration_noise` half action ranges when exploring. With iLQG
/// exploration on, each explored episode is acted by θ's iLQG controller instead with
/// probability `ilqg.episode_fraction` (once the controller has been planned), and the
/// evaluator scores the controller's mean as a second policy, "ilqg".
std::unique_ptr<acting_policy> make_naf_acting_policy(const learner_context& context,
                                                      const naf_settings& settings,
                                                      acting_mode mode);

/// θ version 1: the Q network as drawn from the run's seed and the initial controller.
parameter_set initial_naf_parameters(const learner_context& context, const naf_settings& settings);

}  // namespace amb::learners::naf
