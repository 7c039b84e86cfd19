#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "messages/interfaces.hpp"
#include "recording/log_writer.hpp"

namespace amb::actors {

struct recorder_config {
  std::string path;  // the log's first segment, e.g. RUN_DIR/messages.amblog
  recording::log_header header;
  uint64_t segment_bytes = 256ull << 20;
  // Records reach the operating system at least this often: a killed run loses no more.
  std::chrono::duration<double> flush_interval{0.2};
};

struct recorder_state {
  std::unique_ptr<recording::log_writer> writer;  // closes the log when the recorder stops
  static inline const char* name = "recorder";
};

/// The Recorder (shared/DESIGN.md): writes the messages servers copy to it to the log, numbered
/// in the order they arrive. Spawn it detached: it writes files.
messages::recorder_actor::behavior_type recorder(
    messages::recorder_actor::stateful_pointer<recorder_state> self, recorder_config config);

}  // namespace amb::actors
