#pragma once

// The real `amb` binary started in the background, as a second host would run it: its output
// goes to a file that tests wait on, line by line; signals and exit codes are the real ones.

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace amb::tests {

class amb_process {
 public:
  /// Starts `prefix... amb args...`; output (stdout and stderr) goes to `log`.
  amb_process(const std::vector<std::string>& args, std::filesystem::path log,
              const std::vector<std::string>& prefix = {})
      : log_(std::move(log)) {
    std::vector<std::string> argv_text = prefix;
    argv_text.push_back(AMB_BINARY);
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::fflush(nullptr);  // or the child's freopen writes this process's buffered output again
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      if (!freopen(log_.c_str(), "w", stdout) || !freopen(log_.c_str(), "a", stderr)) _exit(127);
      std::vector<char*> argv;
      for (auto& a : argv_text) argv.push_back(a.data());
      argv.push_back(nullptr);
      execvp(argv[0], argv.data());
      _exit(127);
    }
  }
  ~amb_process() {
    if (running()) {
      ::kill(pid_, SIGCONT);
      ::kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  amb_process(const amb_process&) = delete;
  amb_process& operator=(const amb_process&) = delete;

  pid_t pid() const { return pid_; }
  std::string output() const {
    std::ifstream in(log_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  bool running() {
    if (exited_) return false;
    int status;
    if (waitpid(pid_, &status, WNOHANG) != pid_) return true;
    exited_ = true;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return false;
  }
  void signal(int sig) { ::kill(pid_, sig); }

  /// Waits, checking every 20 ms, until the output matches `pattern`; returns the match's first
  /// group (or the whole match). Fails when the process exits first or `limit` passes.
  std::string wait_for(const std::string& pattern,
                       std::chrono::seconds limit = std::chrono::seconds(60)) {
    const std::regex re(pattern);
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      const auto text = output();
      std::smatch match;
      if (std::regex_search(text, match, re)) return match[match.size() > 1 ? 1 : 0];
      REQUIRE_MESSAGE(running(), "exited before printing /" << pattern << "/:\n" << text);
      REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline,
                      "no /" << pattern << "/ within " << limit.count() << " s:\n"
                             << text);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  /// Waits for the exit; fails after `limit`. Returns the exit code (-1: killed by a signal).
  int wait_exit(std::chrono::seconds limit = std::chrono::seconds(120)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (running()) {
      REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "still running after "
                                                                       << limit.count() << " s:\n"
                                                                       << output());
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return exit_code_;
  }

 private:
  std::filesystem::path log_;
  pid_t pid_ = -1;
  bool exited_ = false;
  int exit_code_ = -1;
};

/// Waits, checking every 20 ms, until a line of `file` matches `pattern`; fails after `limit`.
inline void wait_for_line(const std::filesystem::path& file, const std::string& pattern,
                          std::chrono::seconds limit = std::chrono::seconds(60)) {
  const std::regex re(pattern);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);)
      if (std::regex_search(line, re)) return;
    REQUIRE_MESSAGE(
        std::chrono::steady_clock::now() < deadline,
        "no line /" << pattern << "/ in " << file << " within " << limit.count() << " s");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace amb::tests
