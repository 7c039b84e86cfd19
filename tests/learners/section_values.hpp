#pragma once

// The values of one named section of parameters θ or φ, as tests read them.

#include <stdexcept>
#include <string>
#include <vector>

#include "learners/parameter_set.hpp"

namespace amb::tests {

inline std::vector<float> section_values(const learners::parameter_set& set,
                                         const std::string& name) {
  size_t begin = 0;
  for (const auto& section : set.layout) {
    if (section.name == name)
      return {set.values.begin() + long(begin), set.values.begin() + long(begin + section.count())};
    begin += section.count();
  }
  throw std::invalid_argument("no section " + name);
}

}  // namespace amb::tests
