#pragma once

// The named sections of a parameter vector, in a header without CAF: learners describe their
// parameters with it, and messages::param_blob carries the description between actors.

#include <cstdint>
#include <string>
#include <vector>

namespace amb::messages {

/// One named tensor of a parameter vector (as in a state dict): the next product-of-shape
/// floats of the vector are its elements, row-major.
struct param_section {
  std::string name;             // "mlp.0.weight", "log_std"
  std::vector<uint64_t> shape;  // [64, 17]

  uint64_t count() const;
  bool operator==(const param_section& other) const {
    return name == other.name && shape == other.shape;
  }
  bool operator!=(const param_section& other) const { return !(*this == other); }
};

/// "mlp.0.weight [64, 17], mlp.0.bias [64], log_std [6]"; "" for none.
std::string to_string(const std::vector<param_section>& sections);

}  // namespace amb::messages
