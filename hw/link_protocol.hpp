#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "hw/arm_controller.hpp"

namespace amb::hw {

/// The robot link's datagrams (UDP). Every datagram, little-endian:
///   offset 0  u32 magic "AMBR"     4  u16 version (1)     6  u8 kind     7  u8 zero
///          8  u64 session (the sender's random id; a restarted sender is a new session)
///         16  u64 sequence (per session, from 1, strictly increasing)
///         24  i64 sent_ns (the sender's steady clock, for delay figures only)
///         32  body (by kind, below)
///       last  u32 CRC-32C of everything before it
/// Bodies:
///   state (robot → controller, every controller period): u64 tick, u64 command_tick (the tick
///     the applied command was taken at), u64 command_sequence, u64 mode_tick (the tick the mode
///     began at), u8 mode, 7 zero bytes, f64 q[7] (rad), f64 qdot[7] (rad/s), f64 effort[7]
///     (N·m, as applied).
///   torque, move_to, clear_halt (controller → robot): u64 reference_tick (the tick of the state
///     the command answers; the robot refuses commands answering too old a state), f64 values[7].
inline constexpr uint32_t link_magic = 0x52424D41;  // "AMBR" read as little-endian bytes
inline constexpr uint16_t link_version = 1;
inline constexpr size_t link_header_size = 32;
inline constexpr size_t state_datagram_size = link_header_size + 40 + 21 * 8 + 4;  // 244
inline constexpr size_t command_datagram_size = link_header_size + 8 + 7 * 8 + 4;  // 100
inline constexpr size_t max_datagram_size = state_datagram_size;

enum class datagram_kind : uint8_t { state = 1, torque = 2, move_to = 3, clear_halt = 4 };

struct link_header {
  datagram_kind kind = datagram_kind::state;
  uint64_t session = 0;
  uint64_t sequence = 0;
  int64_t sent_ns = 0;
};

struct arm_state {
  uint64_t tick = 0;
  uint64_t command_tick = 0;
  uint64_t command_sequence = 0;
  uint64_t mode_tick = 0;
  arm_mode mode = arm_mode::idle;
  joint_values q{};
  joint_values qdot{};
  joint_values effort{};
};

struct link_command {
  uint64_t reference_tick = 0;
  joint_values values{};
};

/// One decoded datagram: a header and the body its kind has.
struct link_datagram {
  link_header header;
  arm_state state;       // kind == state
  link_command command;  // kind == torque, move_to, clear_halt
};

using datagram_bytes = std::array<uint8_t, max_datagram_size>;

/// Encodes into `out`; returns the datagram's size. No allocation.
size_t encode_state(const link_header& header, const arm_state& state, datagram_bytes& out);
size_t encode_command(const link_header& header, const link_command& command, datagram_bytes& out);

/// Decodes bytes off the wire. Returns an empty string and fills `out` when the datagram is
/// whole and valid, otherwise what is wrong with it ("12 bytes, shorter than a header", "CRC
/// mismatch", "q[3] is not finite", ...). Never throws; any bytes are safe to pass.
std::string decode_datagram(const uint8_t* data, size_t size, link_datagram& out);

}  // namespace amb::hw
