#pragma once

#include <memory>

#include "learners/acting_policy.hpp"
#include "learners/maac/settings.hpp"

namespace amb::learners::maac {

/// MAAC's θ as an acting policy. Exploring: a sample of the squashed Gaussian, or with
/// mpc.collect the planner's action. Evaluating: the squashed mean action as policy 0 and the
/// planner's action as policy 1 (the evaluator's eval_return_mpc).
std::unique_ptr<acting_policy> make_maac_acting_policy(const learner_context& context,
                                                       const maac_settings& settings,
                                                       acting_mode mode);

/// θ version 1: the policy, critics and model as drawn from the run's seed.
parameter_set initial_maac_parameters(const learner_context& context,
                                      const maac_settings& settings);

}  // namespace amb::learners::maac
