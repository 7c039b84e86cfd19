#pragma once

#include <memory>

#include "learners/acting_policy.hpp"
#include "learners/gaussian_mlp_policy.hpp"

namespace amb::learners {

/// The Gaussian MLP policy as an acting policy: a sample mean + std * N(0, 1) when exploring,
/// the mean when evaluating. The layers come from `policy` (the algorithm's "policy" section).
std::unique_ptr<acting_policy> make_gaussian_acting_policy(const learner_context& context,
                                                           const policy_config& policy,
                                                           acting_mode mode);

/// θ v1 of that policy: weights drawn from the run's seed.
parameter_set initial_gaussian_policy(const learner_context& context, const policy_config& policy);

}  // namespace amb::learners
