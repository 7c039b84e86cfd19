#include "recording/log_format.hpp"

#include <cstring>
#include <limits>
#include <stdexcept>

#include "messages/shared_bytes.hpp"

namespace amb::recording {

namespace {

// Appends fixed-width little-endian integers and length-prefixed strings (the host is
// little-endian; messages/shared_bytes.hpp asserts it).
class byte_writer {
 public:
  explicit byte_writer(std::vector<char>& out) : out_(out) {}

  template <class T>
  void integer(T value) {
    const char* p = reinterpret_cast<const char*>(&value);
    out_.insert(out_.end(), p, p + sizeof(T));
  }

  void bytes(const char* data, size_t size) { out_.insert(out_.end(), data, data + size); }

  void string(const std::string& s) {
    if (s.size() > std::numeric_limits<uint16_t>::max())
      throw std::length_error("log record string longer than 65535 bytes");
    integer(static_cast<uint16_t>(s.size()));
    bytes(s.data(), s.size());
  }

 private:
  std::vector<char>& out_;
};

// Reads what byte_writer wrote; every read checks the bytes are there.
class byte_reader {
 public:
  byte_reader(const char* data, size_t size) : data_(data), left_(size) {}

  template <class T>
  bool integer(T& value) {
    if (left_ < sizeof(T)) return false;
    std::memcpy(&value, data_, sizeof(T));
    advance(sizeof(T));
    return true;
  }

  bool string(std::string& s) {
    uint16_t n = 0;
    if (!integer(n) || left_ < n) return false;
    s.assign(data_, n);
    advance(n);
    return true;
  }

  bool bytes(std::vector<char>& v) {
    uint32_t n = 0;
    if (!integer(n) || left_ < n) return false;
    v.assign(data_, data_ + n);
    advance(n);
    return true;
  }

  size_t left() const { return left_; }

 private:
  void advance(size_t n) {
    data_ += n;
    left_ -= n;
  }
  const char* data_;
  size_t left_;
};

}  // namespace

std::vector<char> encode_header(const log_header& header) {
  const nlohmann::json doc = {{"format", "amb message log"}, {"segment", header.segment},
                              {"log", header.log_id},        {"chain", header.chain},
                              {"config", header.run_config}, {"types", header.types}};
  const std::string text = doc.dump();
  std::vector<char> out(log_magic, log_magic + sizeof(log_magic));
  byte_writer w(out);
  w.integer(header.format_version);
  w.integer(static_cast<uint32_t>(text.size()));
  w.bytes(text.data(), text.size());
  const size_t checked_from = sizeof(log_magic);
  w.integer(messages::crc32c(out.data() + checked_from, out.size() - checked_from));
  return out;
}

std::vector<char> encode_record(const log_record& r, uint32_t chain) {
  // The body is written in place after a length placeholder: payloads reach megabytes (a model's
  // φ), so they are copied once.
  std::vector<char> out(sizeof(uint32_t));
  out.reserve(72 + r.sender.size() + r.receiver.size() + r.node.size() + r.type.size() +
              r.payload.size());
  byte_writer w(out);
  w.integer(r.seq);
  w.integer(r.sender_seq);
  w.integer(r.monotonic_ns);
  w.integer(r.wall_ns);
  w.string(r.sender);
  w.string(r.receiver);
  w.string(r.node);
  w.string(r.type);
  w.integer(static_cast<uint32_t>(r.payload.size()));
  w.bytes(r.payload.data(), r.payload.size());
  const auto body_size = static_cast<uint32_t>(out.size() - sizeof(uint32_t));
  std::memcpy(out.data(), &body_size, sizeof(body_size));
  w.integer(messages::crc32c_extend(chain, out.data() + sizeof(uint32_t), body_size));
  return out;
}

size_t encoded_size(const log_record& r) {
  const size_t strings =
      4 * sizeof(uint16_t) + r.sender.size() + r.receiver.size() + r.node.size() + r.type.size();
  // length, four 64-bit numbers, the strings, the payload with its length, the checksum
  return sizeof(uint32_t) + 4 * sizeof(uint64_t) + strings + sizeof(uint32_t) + r.payload.size() +
         sizeof(uint32_t);
}

uint32_t stored_checksum(const std::vector<char>& encoded) {
  uint32_t crc;
  std::memcpy(&crc, encoded.data() + encoded.size() - sizeof(crc), sizeof(crc));
  return crc;
}

bool decode_record_body(const char* body, size_t size, log_record& r) {
  byte_reader in(body, size);
  return in.integer(r.seq) && in.integer(r.sender_seq) && in.integer(r.monotonic_ns) &&
         in.integer(r.wall_ns) && in.string(r.sender) && in.string(r.receiver) &&
         in.string(r.node) && in.string(r.type) && in.bytes(r.payload) && in.left() == 0;
}

std::string segment_path(const std::string& first, uint32_t index) {
  return index == 0 ? first : first + "." + std::to_string(index);
}

}  // namespace amb::recording
