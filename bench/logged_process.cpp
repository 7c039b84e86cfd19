#include "bench/logged_process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace amb::bench {

logged_process::logged_process(const std::string& program, const std::vector<std::string>& args,
                               std::filesystem::path log, const std::vector<std::string>& prefix)
    : log_(std::move(log)) {
  std::vector<std::string> argv_text = prefix;
  argv_text.push_back(program);
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::fflush(nullptr);  // or the child's freopen writes this process's buffered output again
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork() failed starting " + program);
  if (pid_ == 0) {
    if (!freopen(log_.c_str(), "w", stdout) || !freopen(log_.c_str(), "a", stderr)) _exit(127);
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
}

logged_process::~logged_process() {
  if (!running()) return;
  ::kill(pid_, SIGCONT);  // a stopped process would not die before it is continued
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

std::string logged_process::output() const {
  std::ifstream in(log_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool logged_process::running() {
  if (exited_) return false;
  int status;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return true;
  exited_ = true;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return false;
}

void logged_process::signal(int sig) {
  ::kill(pid_, sig);
}

std::string logged_process::wait_for(const std::string& pattern, std::chrono::seconds limit) {
  const std::regex re(pattern);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    const auto text = output();
    std::smatch match;
    if (std::regex_search(text, match, re)) return match[match.size() > 1 ? 1 : 0];
    if (!running()) throw std::runtime_error("exited before printing /" + pattern + "/:\n" + text);
    if (std::chrono::steady_clock::now() >= deadline)
      throw std::runtime_error("no /" + pattern + "/ within " + std::to_string(limit.count()) +
                               " s:\n" + text);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

int logged_process::wait_exit(std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline)
      throw std::runtime_error("still running after " + std::to_string(limit.count()) + " s:\n" +
                               output());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return exit_code_;
}

}  // namespace amb::bench
