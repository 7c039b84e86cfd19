#pragma once

#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <string>

#include "messages/trajectory.hpp"

namespace amb::messages {

/// Where a run stands, as the coordinator reports it.
struct run_stats {
  double elapsed = 0;           // seconds since the run started
  buffer_stats buffer;          // the data buffer's counters
  uint64_t steps_taken = 0;     // steps the collectors have taken, episodes in progress included
  uint64_t policy_version = 0;  // latest θ on the policy server
  uint64_t model_version = 0;   // latest φ on the model server
  uint32_t workers_alive = 0;
  uint32_t crashes = 0;         // workers that died with an error
  uint32_t restarts = 0;        // workers a supervisor started again
  bool escalated = false;       // a supervisor gave up (restart budget exceeded): the run stopped
  bool evaluated = false;       // an evaluation has been made
  double last_eval_return = 0;  // the evaluator's latest mean return
  bool budget_reached = false;  // the run ended on its budget, not because its workers died
  bool finished = false;        // the workers have stopped; these are the final counters
  std::string stopped_by;       // why the run was stopped on request ("SIGINT"); empty: it wasn't
  std::string failure;          // why the run could not go on (a robot that never answered)
  uint32_t peers_joined = 0;    // attached nodes (amb attach) that joined the run
  uint32_t peers_left = 0;      // of them, those that left it (SIGINT or SIGTERM to amb attach)
  uint32_t peers_lost = 0;      // those lost: killed, frozen, cut off, or their workers failed
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, run_stats& x) {
  return f(caf::meta::type_name("run_stats"), x.elapsed, x.buffer, x.steps_taken, x.policy_version,
           x.model_version, x.workers_alive, x.crashes, x.restarts, x.escalated, x.evaluated,
           x.last_eval_return, x.budget_reached, x.finished, x.stopped_by, x.failure,
           x.peers_joined, x.peers_left, x.peers_lost);
}

}  // namespace amb::messages
