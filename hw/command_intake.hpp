#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "hw/arm_controller.hpp"
#include "hw/link_protocol.hpp"

namespace amb::hw {

/// Why datagrams were not turned into commands, by reason.
struct intake_counts {
  uint64_t accepted = 0;
  uint64_t malformed = 0;      // did not decode: garbage, cut, bad CRC, non-finite values
  uint64_t not_a_command = 0;  // a state datagram sent to the robot
  uint64_t out_of_order = 0;   // sequence not above the newest taken: reordered or duplicated
  uint64_t old_session = 0;    // from a sender that has since been replaced
  uint64_t too_late = 0;       // answers a state older than the command timeout: delayed
};

/// The robot side's gate between the link and the real-time loop. A datagram becomes a command
/// only if it decodes (so it is whole and finite), is a command, answers a state recent enough
/// (so a delayed or replayed command is not applied to a different situation), and comes from
/// the current session with a sequence above every one taken before (so reordering and
/// duplicates never move the arm back to an older command). A fresh datagram from a new
/// session starts that session: a restarted controller takes over, and the sessions it
/// replaced are refused from then on.
class command_intake {
 public:
  /// `max_age_ticks`: the oldest state (in loop ticks before `current_tick`) a command may answer.
  explicit command_intake(uint64_t max_age_ticks) : max_age_ticks_(max_age_ticks) {}

  /// The command in `data`, or nothing with the reason counted and kept in last_error().
  std::optional<arm_command> accept(const uint8_t* data, size_t size, uint64_t current_tick,
                                    std::chrono::steady_clock::time_point now);

  /// Whether the sender of the last datagram is now the controller the robot reports its state
  /// to: its command was taken, or it is the first word of a new session, which has no state to
  /// answer yet (reference tick 0). A refused datagram (delayed, replayed, of an old session, out
  /// of order) never moves the state stream.
  bool last_from_controller() const { return last_from_controller_; }

  const intake_counts& counts() const { return counts_; }
  const std::string& last_error() const { return last_error_; }

 private:
  bool retired(uint64_t session) const;
  std::optional<arm_command> refuse(uint64_t& counter, std::string why);

  uint64_t max_age_ticks_;
  uint64_t session_ = 0;
  uint64_t newest_sequence_ = 0;
  std::array<uint64_t, 8> retired_{};  // ring of replaced sessions
  size_t next_retired_ = 0;
  intake_counts counts_;
  std::string last_error_;
  bool last_from_controller_ = false;
};

}  // namespace amb::hw
