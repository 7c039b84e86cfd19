#include "learners/parameter_set.hpp"

#include <algorithm>
#include <stdexcept>

namespace amb::learners {

namespace {

std::string describe(const messages::param_section& section) {
  return to_string(parameter_layout{section});
}

}  // namespace

void check_layout(const parameter_view& got, const parameter_layout& expected,
                  const std::string& what) {
  for (size_t i = 0; i < std::max(got.layout.size(), expected.size()); ++i) {
    if (i < got.layout.size() && i < expected.size() && got.layout[i] == expected[i]) continue;
    const std::string place = what + " section " + std::to_string(i + 1) + " ";
    if (i >= got.layout.size())
      throw std::invalid_argument(place + "is missing: expected " + describe(expected[i]));
    if (i >= expected.size())
      throw std::invalid_argument(place + "is one too many: " + describe(got.layout[i]));
    throw std::invalid_argument(place + "is " + describe(got.layout[i]) + ", expected " +
                                describe(expected[i]));
  }
  size_t total = 0;
  for (const auto& section : expected) total += section.count();
  if (got.count != total)
    throw std::invalid_argument(what + " has " + std::to_string(got.count) + " values, its " +
                                "sections " + std::to_string(total));
}

}  // namespace amb::learners
