#pragma once

#include <memory>

#include "learners/acting_policy.hpp"
#include "learners/naf/settings.hpp"

namespace amb::learners::naf {

/// NAF's θ (the Q network) as an acting policy: its greedy action μ(x) when evaluating, plus
/// Gaussian noise of `exploration_noise` half action ranges when exploring.
std::unique_ptr<acting_policy> make_naf_acting_policy(const learner_context& context,
                                                      const naf_settings& settings,
                                                      acting_mode mode);

/// θ version 1: the Q network as drawn from the run's seed.
parameter_set initial_naf_parameters(const learner_context& context, const naf_settings& settings);

}  // namespace amb::learners::naf
