#pragma once

#include <string>

#include "learners/algorithm.hpp"

namespace amb::learners::naf {

/// NAF with imagination rollouts (Gu et al. 2016): the local linear-Gaussian model learner, the
/// NAF policy learner and the Q network's greedy action plus noise as acting policy.
algorithm naf_algorithm(std::string summary);

}  // namespace amb::learners::naf
