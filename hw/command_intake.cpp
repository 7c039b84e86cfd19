#include "hw/command_intake.hpp"

#include <algorithm>
#include <utility>

namespace amb::hw {

std::optional<arm_command> command_intake::refuse(uint64_t& counter, std::string why) {
  ++counter;
  last_error_ = std::move(why);
  return std::nullopt;
}

bool command_intake::retired(uint64_t session) const {
  return std::find(retired_.begin(), retired_.end(), session) != retired_.end();
}

std::optional<arm_command> command_intake::accept(const uint8_t* data, size_t size,
                                                  uint64_t current_tick,
                                                  std::chrono::steady_clock::time_point now) {
  last_from_controller_ = false;
  link_datagram datagram;
  if (auto error = decode_datagram(data, size, datagram); !error.empty())
    return refuse(counts_.malformed, std::move(error));
  const auto& header = datagram.header;
  if (header.kind == datagram_kind::state)
    return refuse(counts_.not_a_command, "a state datagram, the robot takes commands");
  // Freshness first: a delayed or replayed datagram is refused before it can touch the session
  // or sequence bookkeeping, so it can neither apply nor take over, nor draw the state stream
  // away from the controller. Only a new session's first word, which has no state to answer
  // yet (reference tick 0), asks for the stream without being taken.
  const uint64_t reference = datagram.command.reference_tick;
  if (reference > current_tick || current_tick - reference > max_age_ticks_) {
    last_from_controller_ =
        reference == 0 && header.session != session_ && !retired(header.session);
    return refuse(counts_.too_late, "answers the state of tick " + std::to_string(reference) +
                                        " at tick " + std::to_string(current_tick));
  }
  if (header.session != session_) {
    if (retired(header.session))
      return refuse(counts_.old_session, "from a session that has been replaced");
    if (session_ != 0) {
      retired_[next_retired_] = session_;
      next_retired_ = (next_retired_ + 1) % retired_.size();
    }
    session_ = header.session;
    newest_sequence_ = 0;
  }
  if (header.sequence <= newest_sequence_)
    return refuse(counts_.out_of_order, "sequence " + std::to_string(header.sequence) +
                                            " is not above " + std::to_string(newest_sequence_));
  newest_sequence_ = header.sequence;
  ++counts_.accepted;
  last_from_controller_ = true;
  arm_command command;
  command.kind = static_cast<command_kind>(header.kind);
  command.sequence = header.sequence;
  command.values = datagram.command.values;
  command.received = now;
  return command;
}

}  // namespace amb::hw
