#pragma once

// SIGINT and SIGTERM as a request to stop: amb run and amb node stop the run as its budget would,
// amb attach leaves the run. A second signal ends the process at once.

#include <string>

namespace amb::apps {

/// Installs the handlers for the life of the object, then puts the old ones back.
class stop_signals {
 public:
  stop_signals();
  ~stop_signals();
  stop_signals(const stop_signals&) = delete;
  stop_signals& operator=(const stop_signals&) = delete;

  /// "SIGINT" or "SIGTERM" once one arrived, else "".
  static std::string received();
  /// The shell's exit code for a process ended by the signal received.
  static int exit_code();
};

}  // namespace amb::apps
