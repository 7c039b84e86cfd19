#pragma once

// Where one named section of parameters θ or φ lies, and its values, as tests read them.

#include <stdexcept>
#include <string>
#include <vector>

#include "learners/parameter_set.hpp"

namespace amb::tests {

// Where a named section lies in the set's values.
struct section_span {
  size_t begin = 0, count = 0;
};

inline section_span section_span_of(const learners::parameter_set& set, const std::string& name) {
  size_t begin = 0;
  for (const auto& section : set.layout) {
    if (section.name == name) return {begin, section.count()};
    begin += section.count();
  }
  throw std::invalid_argument("no section " + name);
}

inline std::vector<float> section_values(const learners::parameter_set& set,
                                         const std::string& name) {
  const auto span = section_span_of(set, name);
  return {set.values.begin() + long(span.begin),
          set.values.begin() + long(span.begin + span.count)};
}

}  // namespace amb::tests
