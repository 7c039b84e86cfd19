#pragma once

// Parameters as one flat float vector: the layout θ and φ travel in between actors, with the
// names and shapes of their tensors (learners/parameter_set.hpp).

#include <torch/types.h>

#include <cstddef>
#include <string>
#include <vector>

#include "learners/parameter_set.hpp"

namespace amb::learners {

/// The tensors concatenated into one flat vector, [sum of numel].
torch::Tensor flatten(const std::vector<torch::Tensor>& tensors);

/// Copies a flat vector back into the tensors (without recording gradients).
void assign_flat(const std::vector<torch::Tensor>& tensors, const torch::Tensor& flat);

/// The tensors' values as one std::vector<float>.
std::vector<float> flat_values(const std::vector<torch::Tensor>& tensors);

/// Total number of values in the tensors.
size_t value_count(const std::vector<torch::Tensor>& tensors);

/// Loads `count` values into the tensors; throws std::invalid_argument naming `what` ("policy θ",
/// "model φ") when the count differs, leaving the tensors unchanged.
void load_flat_values(const std::vector<torch::Tensor>& tensors, const float* values, size_t count,
                      const std::string& what);

/// A module's tensors in the order of its flat layout, each with its name.
struct named_tensors {
  std::vector<std::string> names;
  std::vector<torch::Tensor> tensors;

  void add(std::string name, const torch::Tensor& tensor);
  /// Adds each of `other`'s tensors, its name prefixed.
  void append(const named_tensors& other, const std::string& prefix = "");
  parameter_layout layout() const;
};

/// The tensors' values with their layout.
parameter_set parameter_set_of(const named_tensors& named);

/// Loads `view` into the tensors; throws std::invalid_argument naming `what` and the section at
/// fault when its layout is not theirs, leaving the tensors unchanged.
void load_parameter_view(const named_tensors& named, const parameter_view& view,
                         const std::string& what);

}  // namespace amb::learners
