#include "apps/progress_line.hpp"

#include <unistd.h>

#include <algorithm>
#include <string>

namespace amb::apps {

progress_line::progress_line(std::FILE* out, const actors::run_budget& budget,
                             std::chrono::duration<double> refresh)
    : out_(out),
      budget_(budget),
      terminal_(isatty(fileno(out)) != 0),
      // Without a terminal each update is a new line: space them out.
      refresh_(terminal_ ? refresh : std::max(refresh, std::chrono::duration<double>(5.0))) {}

void progress_line::tell_peers(const messages::run_stats& s) {
  const auto note = [&](uint32_t now, uint32_t& told, const char* what) {
    for (; told < now; ++told)
      std::fprintf(out_, "%s[amb] an attached node %s; %u attached now\n",
                   terminal_ ? "\r\033[K" : "", what, s.peers_joined - s.peers_left - s.peers_lost);
  };
  note(s.peers_joined, peers_joined_, "joined");
  note(s.peers_left, peers_left_, "left");
  note(s.peers_lost, peers_lost_, "was lost");
}

void progress_line::update(const messages::run_stats& stats) {
  tell_peers(stats);
  const auto now = std::chrono::steady_clock::now();
  if (!stats.finished && now - last_print_ < refresh_) return;
  last_print_ = now;
  print(stats);
}

void progress_line::print(const messages::run_stats& s) {
  // The fraction of the budget used: the largest of the limits that are set.
  double done = 0;
  if (budget_.trajectories > 0)
    done = std::max(done, double(s.buffer.trajectories_pushed) / budget_.trajectories);
  if (budget_.env_steps > 0) done = std::max(done, double(s.buffer.env_steps) / budget_.env_steps);
  if (budget_.wall_seconds > 0) done = std::max(done, s.elapsed / budget_.wall_seconds);
  const uint64_t taken = std::max(s.steps_taken, s.buffer.env_steps);
  const double rate = s.elapsed > 0 ? taken / s.elapsed : 0;
  char evaluation[48] = "";
  if (s.evaluated)
    std::snprintf(evaluation, sizeof(evaluation), " | eval %.1f", s.last_eval_return);
  char line[320];
  std::snprintf(line, sizeof(line),
                "[amb] %6.1fs %3.0f%% | env steps %llu stored, %llu taken (%.0f/s) | "
                "trajectories %llu | policy v%llu%s | workers %u%s",
                s.elapsed, 100 * std::min(done, 1.0),
                static_cast<unsigned long long>(s.buffer.env_steps),
                static_cast<unsigned long long>(taken), rate,
                static_cast<unsigned long long>(s.buffer.trajectories_pushed),
                static_cast<unsigned long long>(s.policy_version), evaluation, s.workers_alive,
                s.crashes > 0 ? (" | crashes " + std::to_string(s.crashes)).c_str() : "");
  if (terminal_)
    std::fprintf(out_, "\r\033[K%s%s", line, s.finished ? "\n" : "");
  else
    std::fprintf(out_, "%s\n", line);
  std::fflush(out_);
}

}  // namespace amb::apps
