#include "messages/param_section.hpp"

namespace amb::messages {

uint64_t param_section::count() const {
  uint64_t n = 1;
  for (auto d : shape) n *= d;
  return n;
}

std::string to_string(const std::vector<param_section>& sections) {
  std::string text;
  for (const auto& s : sections) {
    if (!text.empty()) text += ", ";
    text += s.name + " [";
    for (size_t i = 0; i < s.shape.size(); ++i)
      text += (i ? ", " : "") + std::to_string(s.shape[i]);
    text += "]";
  }
  return text;
}

}  // namespace amb::messages
