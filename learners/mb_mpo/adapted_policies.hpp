#pragma once

// MB-MPO's θ as its policy server holds it: the meta-policy's sections, then each member's
// adapted policy's under "adapted.<k>.", so that collectors act with the adapted policies, in
// turn, as in the paper, and a restarted learner finds them again.

#include <string>

#include "learners/parameter_set.hpp"

namespace amb::learners::mb_mpo {

/// The layout of θ whose meta-policy is laid out as `single`, with `members` adapted policies.
parameter_layout meta_layout(const parameter_layout& single, int members);

/// Policy `index` of θ (0: the meta-policy; k + 1: member k's adapted policy), laid out as
/// `single`; θ must have passed check_layout against meta_layout(single, ...).
parameter_view policy_in(const parameter_view& theta, const parameter_layout& single, int index);

/// θ whose meta-policy and every adapted policy are `meta` (θ v1: nothing adapted yet).
parameter_set unadapted(const parameter_set& meta, int members);

}  // namespace amb::learners::mb_mpo
