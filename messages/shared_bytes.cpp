#include "messages/shared_bytes.hpp"

#include <boost/crc.hpp>
#include <cstring>

namespace amb::messages {

shared_bytes::shared_bytes() : storage_(std::make_shared<payload>()) {}

shared_bytes::shared_bytes(std::vector<char> bytes)
    : storage_(std::make_shared<payload>(payload{std::move(bytes), false})) {}

shared_bytes shared_bytes::from_floats(const float* values, size_t count) {
  std::vector<char> bytes(count * sizeof(float));
  if (count > 0) std::memcpy(bytes.data(), values, bytes.size());
  shared_bytes result(std::move(bytes));
  // Checked once here, while the values are in cache, instead of by every local receiver.
  result.storage_->known_finite = all_finite(result.floats(), count);
  return result;
}

uint32_t crc32c_portable_extend(uint32_t previous, const char* data, size_t size) {
  // Castagnoli polynomial, reflected, as in iSCSI and SSE4.2. Boost keeps the running remainder
  // bit-reversed: going on from `previous` starts from its inverted bits, reversed.
  const uint32_t state = previous ^ 0xFFFFFFFFu;
  uint32_t reversed = 0;
  for (int bit = 0; bit < 32; ++bit) reversed |= ((state >> bit) & 1u) << (31 - bit);
  boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> crc(reversed);
  crc.process_bytes(data, size);
  return crc.checksum();
}

uint32_t crc32c_portable(const char* data, size_t size) {
  return crc32c_portable_extend(0, data, size);
}

#if defined(__x86_64__)
// The SSE4.2 crc32 instruction computes CRC-32C 8 bytes at a time: 35 us for 400 KB here against
// 750 us for Boost's table (amb bench runtime), which would otherwise dominate the cost of sending
// parameters across the network.
__attribute__((target("sse4.2"))) static uint32_t crc32c_sse42(uint32_t previous, const char* data,
                                                               size_t size) {
  uint64_t crc = previous ^ 0xFFFFFFFFu;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, data + i, 8);
    crc = __builtin_ia32_crc32di(crc, word);
  }
  uint32_t crc32 = static_cast<uint32_t>(crc);
  for (; i < size; ++i) crc32 = __builtin_ia32_crc32qi(crc32, static_cast<unsigned char>(data[i]));
  return crc32 ^ 0xFFFFFFFFu;
}
#endif

uint32_t crc32c_extend(uint32_t previous, const char* data, size_t size) {
#if defined(__x86_64__)
  static const bool has_sse42 = __builtin_cpu_supports("sse4.2");
  if (has_sse42) return crc32c_sse42(previous, data, size);
#endif
  return crc32c_portable_extend(previous, data, size);
}

uint32_t crc32c(const char* data, size_t size) {
  return crc32c_extend(0, data, size);
}

// Every parameter push is scanned on arrival; on CPUs with AVX2 the same loop runs twice as
// wide (GCC builds both versions and picks one when the program loads).
__attribute__((target_clones("avx2", "default"))) bool all_finite(const float* values,
                                                                  size_t count) {
  // A float is NaN or Inf exactly when its exponent bits are all ones. Testing the bits as
  // integers keeps the loop branch-free and vectorisable (a float sum would not be, without
  // -ffast-math, which would also break isnan).
  const auto* bits = reinterpret_cast<const uint32_t*>(values);
  constexpr uint32_t exponent = 0x7f800000u;
  uint32_t not_finite = 0;
  for (size_t i = 0; i < count; ++i)
    not_finite |= static_cast<uint32_t>((bits[i] & exponent) == exponent);
  return not_finite == 0;
}

}  // namespace amb::messages
