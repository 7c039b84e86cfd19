#pragma once

// NAF's θ as the policy server holds it: the Q network's tensors (normalized_q::theta), then
// the iLQG exploration controller's (controller_parameters), which collectors act with on the
// episodes given to it.

#include "learners/naf/controller_parameters.hpp"
#include "learners/naf/normalized_q.hpp"

namespace amb::learners::naf {

inline named_tensors naf_theta(const normalized_q& q, const controller_parameters& controller) {
  auto named = q->theta();
  named.append(controller.sections());
  return named;
}

}  // namespace amb::learners::naf
