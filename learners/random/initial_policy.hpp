#pragma once

#include <string>

#include "learners/algorithm.hpp"

namespace amb::learners::random {

/// No learning: the collectors act with θ v1, the Gaussian MLP of the "policy" section as
/// initialised from the seed (a baseline, and the runtime benchmark's pure collection).
algorithm initial_policy_algorithm(std::string summary);

}  // namespace amb::learners::random
