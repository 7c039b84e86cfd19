#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace amb::bench {

/// This program run again as a child with other arguments. The child's stdin is a pipe that
/// closes when this object is destroyed (or the parent dies), which is the child's cue to exit;
/// its stdout is read line by line.
class child_process {
 public:
  explicit child_process(const std::vector<std::string>& args);
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  /// The next line the child printed; throws std::runtime_error if it exited first.
  std::string read_line();

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::string pending_;
};

}  // namespace amb::bench
