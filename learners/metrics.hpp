#pragma once

#include <string>
#include <utility>
#include <vector>

namespace amb::learners {

/// What a learner's step reports, as name/value pairs for the caller to log (the learner itself
/// logs nothing).
using metrics = std::vector<std::pair<std::string, double>>;

}  // namespace amb::learners
