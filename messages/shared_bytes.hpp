#pragma once

#include <caf/meta/type_name.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

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

  /// Copies `count` floats into a new payload and notes whether they are all finite.
  static shared_bytes from_floats(const float* values, size_t count);

  const char* data() const { return storage_->bytes.data(); }
  size_t size() const { return storage_->bytes.size(); }
  bool empty() const { return storage_->bytes.empty(); }

  /// True when this payload was made by from_floats from finite values. The note lives only in
  /// this process (it is not serialised), so a payload from another node is never vouched for.
  bool known_finite() const { return storage_->known_finite; }

  /// The payload read as float32 values; size() must be a multiple of 4.
  const float* floats() const { return reinterpret_cast<const float*>(data()); }
  size_t float_count() const { return size() / sizeof(float); }

  /// True when both refer to the same memory, i.e. nothing was copied between them.
  bool shares_storage_with(const shared_bytes& other) const { return storage_ == other.storage_; }

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, shared_bytes& x) {
    // Loading must never write into storage another message may share: start a fresh one.
    if (!Inspector::reads_state) x.storage_ = std::make_shared<payload>();
    return f(caf::meta::type_name("shared_bytes"), x.storage_->bytes);
  }

 private:
  struct payload {
    std::vector<char> bytes;
    bool known_finite = false;
  };
  std::shared_ptr<payload> storage_;
};

/// CRC-32C (Castagnoli) of a byte range, with the CPU's crc32 instruction where it has one.
uint32_t crc32c(const char* data, size_t size);

/// The CRC-32C of a byte range that follows bytes whose CRC-32C is `previous`:
/// crc32c_extend(crc32c(a), b) == crc32c(a followed by b), and crc32c_extend(0, b) == crc32c(b).
/// A chain of records each checksummed this way from the one before fails at the first record
/// that is not where it was written.
uint32_t crc32c_extend(uint32_t previous, const char* data, size_t size);

/// The same checksums computed without CPU extensions (the fallback, and its reference in tests).
uint32_t crc32c_portable(const char* data, size_t size);
uint32_t crc32c_portable_extend(uint32_t previous, const char* data, size_t size);

/// True when every one of the `count` floats is finite.
bool all_finite(const float* values, size_t count);

}  // namespace amb::messages
