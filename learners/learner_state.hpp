#pragma once

// A learner's private state (optimiser moments, random streams, fitted baselines) as one flat
// float vector, the form a parameter server stores and checkpoints: written section by section
// and read back in the same order. Every section starts with its length, so a reader refuses
// the state of another learner, or of other dimensions, instead of misreading it. Values that
// are not float32 (generator states, doubles, step counts) travel as their bytes, one float per
// byte, so that everything comes back bit for bit.

#include <ATen/core/Generator.h>
#include <torch/optim/adam.h>
#include <torch/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace amb::learners {

class state_writer {
 public:
  void add(const torch::Tensor& values);  // float32 values, any shape
  void add(const at::Generator& generator);
  void add(double value);
  /// Per parameter: its step count and both moments (zeros before its first step).
  void add(const torch::optim::Adam& adam);

  std::vector<float> take() { return std::move(values_); }

 private:
  void add_bytes(const void* bytes, size_t count);
  std::vector<float> values_;
};

class state_reader {
 public:
  /// Reads `values` [count]; `what` names the state in errors ("policy learner state").
  state_reader(const float* values, size_t count, std::string what);

  /// Each throws std::invalid_argument, naming `what`, when the next section does not fit.
  void read_into(torch::Tensor& target);  // same number of values as target
  torch::Tensor read_tensor();            // a section of any length, as a 1-D tensor
  void read_into(at::Generator& generator);
  double read_double();
  void read_into(torch::optim::Adam& adam);

  /// Whether every value was read: a section added later in a learner's life is optional.
  bool at_end() const { return at_ == count_; }

  /// Throws std::invalid_argument unless every value was read.
  void finish() const;

 private:
  void read_bytes(void* bytes, size_t count);
  size_t read_length();
  const float* values_;
  size_t count_;
  size_t at_ = 0;
  std::string what_;
};

}  // namespace amb::learners
