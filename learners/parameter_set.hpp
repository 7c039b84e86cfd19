#pragma once

// Parameters as a learner hands them to its server and takes them back: named sections over one
// flat float array (as in a state dict). messages::param_blob carries them between actors, so a
// blob says what it holds, and parameters of the wrong shape are refused naming the section
// that differs rather than by their length alone.

#include <cstddef>
#include <string>
#include <vector>

#include "messages/param_section.hpp"

namespace amb::learners {

using parameter_layout = std::vector<messages::param_section>;

struct parameter_set {
  parameter_layout layout;
  std::vector<float> values;  // [sum of the sections' counts]
};

/// Parameters as a server serves them, by reference into the message's bytes.
struct parameter_view {
  const parameter_layout& layout;
  const float* values;
  size_t count;
};

inline parameter_view view_of(const parameter_set& set) {
  return {set.layout, set.values.data(), set.values.size()};
}

/// Throws std::invalid_argument naming `what` ("policy θ") and the first section that differs
/// when `got` is not laid out as `expected` or its values do not fill the sections.
void check_layout(const parameter_view& got, const parameter_layout& expected,
                  const std::string& what);

}  // namespace amb::learners
