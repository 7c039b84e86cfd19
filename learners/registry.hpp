#pragma once

#include <string>
#include <vector>

#include "learners/algorithm.hpp"

namespace amb::learners {

/// The algorithm registered under `name`. Throws config::config_error ("algorithm: unknown
/// algorithm 'x'; valid: ...") when there is none.
const algorithm& find_algorithm(const std::string& name);

/// The names of all registered algorithms, in registry order.
std::vector<std::string> algorithm_names();

}  // namespace amb::learners
