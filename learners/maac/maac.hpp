#pragma once

#include <string>

#include "learners/algorithm.hpp"

namespace amb::learners::maac {

/// MAAC (Clavera et al. 2020): the probabilistic ensemble's model learner, the MAAC policy
/// learner and the squashed Gaussian (with CEM planning at test time) as acting policy.
algorithm maac_algorithm(std::string summary);

}  // namespace amb::learners::maac
