#pragma once

#include <memory>

#include "learners/acting_policy.hpp"
#include "learners/gaussian_mlp_policy.hpp"

namespace amb::learners::mb_mpo {

/// MB-MPO's acting policy on θ laid out by adapted_policies.hpp. Exploring (a collector), each
/// episode samples from the adapted policy of one member, the members in turn from one drawn at
/// the first episode, as the paper collects; evaluating, the mean action of the selected policy:
/// the meta-policy, or one member's adapted policy (policy_count() is members + 1).
std::unique_ptr<acting_policy> make_adapted_acting_policy(const learner_context& context,
                                                          const policy_config& policy, int members,
                                                          acting_mode mode);

}  // namespace amb::learners::mb_mpo
