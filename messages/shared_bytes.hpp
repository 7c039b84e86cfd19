#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include <caf/meta/type_name.hpp>

namespace amb::messages {

// The wire format sends payloads as raw bytes in the host's order; every node must agree.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "amb's wire format is little-endian");

/// An immutable, contiguous byte payload (parameters, trajectory arrays). Copies of a message
/// inside one process share the same storage; across the network it is serialised as one raw
/// block instead of element by element (64 MB: 136 ms against 672 ms, shared/PLATFORM.md).
class shared_bytes {
 public:
  shared_bytes();
  explicit shared_bytes(std::vector<char> bytes);

  /// Copies `count` floats into a new payload.
  static shared_bytes from_floats(const float* values, size_t count);

  const char* data() const { return storage_->data(); }
  size_t size() const { return storage_->size(); }
  bool empty() const { return storage_->empty(); }

  /// The payload read as float32 values; size() must be a multiple of 4.
  const float* floats() const { return reinterpret_cast<const float*>(storage_->data()); }
  size_t float_count() const { return storage_->size() / sizeof(float); }

  /// True when both refer to the same memory, i.e. nothing was copied between them.
  bool shares_storage_with(const shared_bytes& other) const { return storage_ == other.storage_; }

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, shared_bytes& x) {
    // Loading must never write into storage another message may share: start a fresh one.
    if (!Inspector::reads_state) x.storage_ = std::make_shared<std::vector<char>>();
    return f(caf::meta::type_name("shared_bytes"), *x.storage_);
  }

 private:
  std::shared_ptr<std::vector<char>> storage_;
};

/// CRC-32 (IEEE 802.3) of a byte range.
uint32_t crc32(const char* data, size_t size);

/// True when every one of the `count` floats is finite.
bool all_finite(const float* values, size_t count);

}  // namespace amb::messages
