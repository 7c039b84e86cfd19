#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace amb::bench {

/// A program started in the background as a second host would run it: its output (stdout and
/// stderr) goes to a file that callers wait on; signals and exit codes are the real ones.
class logged_process {
 public:
  /// Starts `prefix... program args...`, looking `prefix[0]` (or `program`) up in PATH.
  logged_process(const std::string& program, const std::vector<std::string>& args,
                 std::filesystem::path log, const std::vector<std::string>& prefix = {});
  /// A process still running is killed: whoever started it no longer waits for it.
  ~logged_process();
  logged_process(const logged_process&) = delete;
  logged_process& operator=(const logged_process&) = delete;

  pid_t pid() const { return pid_; }
  std::string output() const;
  bool running();
  void signal(int sig);

  /// Waits, checking every 20 ms, until the output matches `pattern`; returns the match's first
  /// group (or the whole match). Throws std::runtime_error, with the output so far, when the
  /// process exits first or `limit` passes.
  std::string wait_for(const std::string& pattern,
                       std::chrono::seconds limit = std::chrono::seconds(60));

  /// Waits for the exit and returns its code (-1: killed by a signal). Throws std::runtime_error
  /// after `limit`.
  int wait_exit(std::chrono::seconds limit = std::chrono::seconds(120));

 private:
  std::filesystem::path log_;
  pid_t pid_ = -1;
  bool exited_ = false;
  int exit_code_ = -1;
};

}  // namespace amb::bench
