#include "hw/link_protocol.hpp"

#include <cmath>
#include <cstring>

#include "messages/shared_bytes.hpp"

namespace amb::hw {

namespace {

// Little-endian field access, byte by byte, so the format does not depend on the host.
class writer {
 public:
  explicit writer(uint8_t* out) : out_(out) {}
  void u8(uint8_t v) { out_[at_++] = v; }
  void u16(uint16_t v) { unsigned_value(v, 2); }
  void u32(uint32_t v) { unsigned_value(v, 4); }
  void u64(uint64_t v) { unsigned_value(v, 8); }
  void f64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    u64(bits);
  }
  void zeros(size_t n) {
    for (size_t i = 0; i < n; ++i) u8(0);
  }
  void values(const joint_values& v) {
    for (double x : v) f64(x);
  }
  size_t finish_with_crc() {
    u32(messages::crc32c(reinterpret_cast<const char*>(out_), at_));
    return at_;
  }

 private:
  void unsigned_value(uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out_[at_++] = static_cast<uint8_t>(v >> (8 * i));
  }
  uint8_t* out_;
  size_t at_ = 0;
};

class reader {
 public:
  explicit reader(const uint8_t* in) : in_(in) {}
  uint8_t u8() { return in_[at_++]; }
  uint16_t u16() { return static_cast<uint16_t>(unsigned_value(2)); }
  uint32_t u32() { return static_cast<uint32_t>(unsigned_value(4)); }
  uint64_t u64() { return unsigned_value(8); }
  double f64() {
    const uint64_t bits = u64();
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
  }
  void skip(size_t n) { at_ += n; }
  // Reads 7 values; returns the index of the first non-finite one, or -1.
  int values(joint_values& v) {
    int bad = -1;
    for (size_t j = 0; j < v.size(); ++j) {
      v[j] = f64();
      if (bad < 0 && !std::isfinite(v[j])) bad = static_cast<int>(j);
    }
    return bad;
  }

 private:
  uint64_t unsigned_value(int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= uint64_t(in_[at_++]) << (8 * i);
    return v;
  }
  const uint8_t* in_;
  size_t at_ = 0;
};

void write_header(writer& w, const link_header& header) {
  w.u32(link_magic);
  w.u16(link_version);
  w.u8(static_cast<uint8_t>(header.kind));
  w.u8(0);
  w.u64(header.session);
  w.u64(header.sequence);
  w.u64(static_cast<uint64_t>(header.sent_ns));
}

size_t size_of(datagram_kind kind) {
  return kind == datagram_kind::state ? state_datagram_size : command_datagram_size;
}

std::string not_finite(const char* field, int index) {
  return std::string(field) + "[" + std::to_string(index) + "] is not finite";
}

}  // namespace

size_t encode_state(const link_header& header, const arm_state& state, datagram_bytes& out) {
  writer w(out.data());
  write_header(w, {datagram_kind::state, header.session, header.sequence, header.sent_ns});
  w.u64(state.tick);
  w.u64(state.command_tick);
  w.u64(state.command_sequence);
  w.u64(state.mode_tick);
  w.u8(static_cast<uint8_t>(state.mode));
  w.zeros(7);
  w.values(state.q);
  w.values(state.qdot);
  w.values(state.effort);
  return w.finish_with_crc();
}

size_t encode_command(const link_header& header, const link_command& command, datagram_bytes& out) {
  writer w(out.data());
  write_header(w, header);
  w.u64(command.reference_tick);
  w.values(command.values);
  return w.finish_with_crc();
}

std::string decode_datagram(const uint8_t* data, size_t size, link_datagram& out) {
  if (size < link_header_size + 4) return std::to_string(size) + " bytes, shorter than a header";
  reader r(data);
  if (const uint32_t magic = r.u32(); magic != link_magic)
    return "not an amb link datagram (magic)";
  if (const uint16_t version = r.u16(); version != link_version)
    return "protocol version " + std::to_string(version) + ", this side speaks " +
           std::to_string(link_version);
  const uint8_t kind = r.u8();
  if (kind < 1 || kind > 4) return "unknown kind " + std::to_string(kind);
  out.header.kind = static_cast<datagram_kind>(kind);
  if (size != size_of(out.header.kind))
    return "kind " + std::to_string(kind) + " is " + std::to_string(size_of(out.header.kind)) +
           " bytes, got " + std::to_string(size);
  uint32_t crc = 0;
  for (int i = 0; i < 4; ++i) crc |= uint32_t(data[size - 4 + i]) << (8 * i);
  if (crc != messages::crc32c(reinterpret_cast<const char*>(data), size - 4)) return "CRC mismatch";
  r.skip(1);
  out.header.session = r.u64();
  out.header.sequence = r.u64();
  out.header.sent_ns = static_cast<int64_t>(r.u64());
  if (out.header.session == 0 || out.header.sequence == 0) return "session or sequence is zero";

  if (out.header.kind != datagram_kind::state) {
    out.command.reference_tick = r.u64();
    if (const int bad = r.values(out.command.values); bad >= 0) return not_finite("values", bad);
    return {};
  }
  out.state.tick = r.u64();
  out.state.command_tick = r.u64();
  out.state.command_sequence = r.u64();
  out.state.mode_tick = r.u64();
  const uint8_t mode = r.u8();
  if (mode > static_cast<uint8_t>(arm_mode::halted)) return "unknown mode " + std::to_string(mode);
  out.state.mode = static_cast<arm_mode>(mode);
  r.skip(7);
  if (const int bad = r.values(out.state.q); bad >= 0) return not_finite("q", bad);
  if (const int bad = r.values(out.state.qdot); bad >= 0) return not_finite("qdot", bad);
  if (const int bad = r.values(out.state.effort); bad >= 0) return not_finite("effort", bad);
  return {};
}

}  // namespace amb::hw
