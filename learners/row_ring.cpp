#include "learners/row_ring.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>

namespace amb::learners {

row_ring::row_ring(int64_t width, int64_t capacity, torch::ScalarType type)
    : capacity_(capacity),
      buffer_(torch::empty({std::min<int64_t>(capacity, 1024), width},
                           torch::TensorOptions().dtype(type))) {
  if (capacity < 1) throw std::invalid_argument("a row ring needs room for at least one row");
}

void row_ring::append(const torch::Tensor& rows) {
  auto arriving = rows;
  if (arriving.size(0) > capacity_) arriving = arriving.slice(0, arriving.size(0) - capacity_);
  const int64_t n = arriving.size(0);
  const int64_t allocated = buffer_.size(0);
  if (allocated < capacity_ && size_ + n > allocated) {
    // Not yet wrapped: the rows kept are the first size_, and the new ones fit after them.
    auto grown =
        torch::empty({std::min(capacity_, std::max(2 * allocated, size_ + n)), buffer_.size(1)},
                     buffer_.options());
    grown.slice(0, 0, size_).copy_(buffer_.slice(0, 0, size_));
    buffer_ = grown;
    // A buffer filled to its last row left next_ at 0, as if wrapped: the new rows go after
    // the kept ones, or they would overwrite the oldest and leave rows of `grown` unwritten.
    next_ = size_;
  }
  const int64_t length = buffer_.size(0);
  const int64_t before_end = std::min(n, length - next_);
  buffer_.slice(0, next_, next_ + before_end).copy_(arriving.slice(0, 0, before_end));
  buffer_.slice(0, 0, n - before_end).copy_(arriving.slice(0, before_end));
  next_ = (next_ + n) % length;
  size_ = std::min(size_ + n, length);
}

}  // namespace amb::learners
