#pragma once

// The real `amb` binary started in the background, as a second host would run it.

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/logged_process.hpp"

namespace amb::tests {

/// The `amb` binary under test as a logged background process; a wait that fails fails the test.
class amb_process : public bench::logged_process {
 public:
  amb_process(const std::vector<std::string>& args, std::filesystem::path log,
              const std::vector<std::string>& prefix = {})
      : logged_process(AMB_BINARY, args, std::move(log), prefix) {}

  std::string wait_for(const std::string& pattern,
                       std::chrono::seconds limit = std::chrono::seconds(60)) {
    try {
      return logged_process::wait_for(pattern, limit);
    } catch (const std::runtime_error& e) {
      FAIL(std::string(e.what()));
    }
    return {};
  }

  int wait_exit(std::chrono::seconds limit = std::chrono::seconds(120)) {
    try {
      return logged_process::wait_exit(limit);
    } catch (const std::runtime_error& e) {
      FAIL(std::string(e.what()));
    }
    return -1;
  }
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
