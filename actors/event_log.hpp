#pragma once

#include <fstream>
#include <string>

#include "messages/interfaces.hpp"

namespace amb::actors {

struct event_log_state {
  std::ofstream file;
  uint64_t written = 0;
  static inline const char* name = "event_log";
};

/// Appends each event as one JSON line to `path` (events.jsonl), flushed at once so that a
/// crash loses no event that was logged.
messages::event_log_actor::behavior_type event_log(
    messages::event_log_actor::stateful_pointer<event_log_state> self, std::string path);

}  // namespace amb::actors
