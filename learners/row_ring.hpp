#pragma once

// A learner's dataset as it arrives: rows kept first in, first out up to a capacity, in one
// buffer that grows by doubling and then wraps around. Appending n rows copies those n rows
// and never the rows already kept, as a torch::cat of the whole dataset at every arrival did.

#include <torch/types.h>

#include <cstdint>

namespace amb::learners {

class row_ring {
 public:
  row_ring(int64_t width, int64_t capacity, torch::ScalarType type = torch::kFloat32);

  /// Appends rows [n, width] of this ring's type; past the capacity the oldest rows leave.
  void append(const torch::Tensor& rows);

  /// The rows kept, [size(), width], a view of the buffer: in arrival order until the ring
  /// first wraps, in buffer order after (what a dataset sampled at random needs).
  torch::Tensor rows() const { return buffer_.slice(0, 0, size_); }
  int64_t size() const { return size_; }

 private:
  int64_t capacity_;
  torch::Tensor buffer_;  // [allocated rows, width]
  int64_t size_ = 0;      // rows kept
  int64_t next_ = 0;      // where the next row goes
};

}  // namespace amb::learners
