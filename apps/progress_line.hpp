#pragma once

#include <chrono>
#include <cstdio>

#include "actors/coordinator.hpp"
#include "messages/run_stats.hpp"

namespace amb::apps {

/// The live progress line of a run: redrawn in place on a terminal, one line every few seconds
/// otherwise (so logs stay readable), always a last line at the end. A line of its own says when
/// an attached node joins, leaves or is lost.
class progress_line {
 public:
  progress_line(std::FILE* out, const actors::run_budget& budget,
                std::chrono::duration<double> refresh);

  void update(const messages::run_stats& stats);

 private:
  void print(const messages::run_stats& stats);
  void tell_peers(const messages::run_stats& stats);

  std::FILE* out_;
  actors::run_budget budget_;
  bool terminal_;
  std::chrono::duration<double> refresh_;
  std::chrono::steady_clock::time_point last_print_{};
  uint32_t peers_joined_ = 0, peers_left_ = 0, peers_lost_ = 0;  // as last told
};

}  // namespace amb::apps
