#include "messages/shared_bytes.hpp"

#include <cstring>

#include <boost/crc.hpp>

namespace amb::messages {

shared_bytes::shared_bytes() : storage_(std::make_shared<std::vector<char>>()) {}

shared_bytes::shared_bytes(std::vector<char> bytes)
    : storage_(std::make_shared<std::vector<char>>(std::move(bytes))) {}

shared_bytes shared_bytes::from_floats(const float* values, size_t count) {
  std::vector<char> bytes(count * sizeof(float));
  if (count > 0) std::memcpy(bytes.data(), values, bytes.size());
  return shared_bytes(std::move(bytes));
}

uint32_t crc32(const char* data, size_t size) {
  boost::crc_32_type crc;
  crc.process_bytes(data, size);
  return crc.checksum();
}

bool all_finite(const float* values, size_t count) {
  // A float is NaN or Inf exactly when its exponent bits are all ones. Testing the bits as
  // integers keeps the loop branch-free and vectorisable (a float sum would not be, without
  // -ffast-math, which would also break isnan).
  const auto* bits = reinterpret_cast<const uint32_t*>(values);
  constexpr uint32_t exponent = 0x7f800000u;
  uint32_t not_finite = 0;
  for (size_t i = 0; i < count; ++i) not_finite |= static_cast<uint32_t>((bits[i] & exponent) == exponent);
  return not_finite == 0;
}

}  // namespace amb::messages
