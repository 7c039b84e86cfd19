#include "apps/stop_signals.hpp"

#include <signal.h>
#include <unistd.h>

#include <csignal>

namespace amb::apps {

namespace {

volatile std::sig_atomic_t stop_signal = 0;

extern "C" void on_stop_signal(int signal) {
  if (stop_signal != 0) _exit(128 + signal);
  stop_signal = signal;
}

constexpr int handled[2] = {SIGINT, SIGTERM};
struct sigaction previous[2];

}  // namespace

stop_signals::stop_signals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  for (int i = 0; i < 2; ++i) sigaction(handled[i], &action, &previous[i]);
}

stop_signals::~stop_signals() {
  for (int i = 0; i < 2; ++i) sigaction(handled[i], &previous[i], nullptr);
}

std::string stop_signals::received() {
  return stop_signal == SIGINT ? "SIGINT" : stop_signal == SIGTERM ? "SIGTERM" : "";
}

int stop_signals::exit_code() {
  return 128 + stop_signal;
}

}  // namespace amb::apps
