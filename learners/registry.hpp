#pragma once

#include <string>
#include <vector>

#include "learners/algorithm.hpp"

namespace amb::learners {

/// The algorithm registered under `name`. Throws config::config_error ("algorithm: unknown
/// algorithm 'x'; valid: ...") when there is none.
const algorithm& find_algorithm(const std::string& name);

/// The algorithm a configuration that names none runs: the registry's first line.
std::string default_algorithm();

/// The names of all registered algorithms, in registry order.
std::vector<std::string> algorithm_names();

/// Registers an algorithm that lives outside learners/ (a test's, or a program's that links
/// amb's libraries); call it before any run is configured. Throws std::invalid_argument when
/// the name is taken.
void add_algorithm(const std::string& name, algorithm entry);

}  // namespace amb::learners
