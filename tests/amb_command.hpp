#pragma once

// Running the real `amb` binary from tests, as a user would, and a scratch folder per test.

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace amb::tests {

struct command_result {
  int exit_code;
  std::string output;  // stdout and stderr
};

/// The reacher's configuration: the cheapest run that learns, which tests start from unless they
/// need another (amb run without a configuration runs the default job, HalfCheetah).
inline const std::string reacher_config = AMB_SOURCE_DIR "/configs/reacher_async_me_trpo.json";
/// The reacher with no learning and none of an algorithm's own sections: the base of runs that
/// name their algorithm with --set.
inline const std::string reacher_task_config = AMB_SOURCE_DIR "/configs/reacher_random.json";

/// Runs `amb ARGS` (a shell command line) in WORKING_DIR (this process's when empty) and waits
/// for it.
inline command_result run_amb(const std::string& args, const std::string& working_dir = "") {
  const std::string command = (working_dir.empty() ? "" : "cd '" + working_dir + "' && ") +
                              std::string(AMB_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char chunk[4096];
  while (size_t n = fread(chunk, 1, sizeof(chunk), pipe)) output.append(chunk, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

/// An empty folder of its own under the temp directory, removed at the end of the test.
struct scratch_dir {
  explicit scratch_dir(const std::string& name)
      : path(std::filesystem::temp_directory_path() /
             ("amb-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~scratch_dir() { std::filesystem::remove_all(path); }
  std::filesystem::path path;
};

}  // namespace amb::tests
