#pragma once

#include <memory>

#include "actors/message_tap.hpp"
#include "actors/trajectory_log.hpp"
#include "messages/interfaces.hpp"

namespace amb::actors {

struct data_buffer_state {
  std::shared_ptr<trajectory_log> log;
  static inline const char* name = "data_buffer";
};

/// The DataBuffer server (shared/DESIGN.md) around `log`, which it alone uses from then on
/// (restored and persisted, or in memory only): collectors push, learners pull from their
/// cursors. Every request and reply also goes through `tap` (off unless the run records).
messages::data_buffer_actor::behavior_type data_buffer(
    messages::data_buffer_actor::stateful_pointer<data_buffer_state> self,
    std::shared_ptr<trajectory_log> log, message_tap tap);

}  // namespace amb::actors
