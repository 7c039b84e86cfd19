#pragma once

#include <caf/actor.hpp>
#include <caf/typed_response_promise.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/periodic_deadline.hpp"
#include "actors/run_counters.hpp"
#include "config/fields.hpp"
#include "messages/interfaces.hpp"

namespace amb::actors {

/// When a run ends: whichever limit is reached first; 0 leaves a limit off.
struct run_budget {
  uint64_t trajectories = 0;
  uint64_t env_steps = 0;
  double wall_seconds = 0;
};

template <class Visit>
void visit_fields(run_budget& c, Visit&& v) {
  using config::interval;
  v("trajectories", c.trajectories, interval::closed(0, 1e12));
  v("env_steps", c.env_steps, interval::closed(0, 1e15));
  v("wall_seconds", c.wall_seconds, interval::closed(0, 1e8));  // about three years
}

// A supervisor is stopped before the others at the end of a run (or it would restart them),
// and its death before then (escalation) stops the run. A peer is the supervisor of an attached
// node's workers (amb attach): stopped first like a supervisor, but losing it (the node died,
// froze or gave up) is logged and the run goes on.
enum class worker_role { collector, model_learner, policy_learner, evaluator, supervisor, peer };

/// The role named by `text` (as in join messages); throws std::invalid_argument otherwise.
worker_role parse_worker_role(const std::string& text);

/// A worker the coordinator watches and stops, with the name its events carry.
struct named_worker {
  std::string name;
  caf::actor handle;
  worker_role role = worker_role::collector;
  uint64_t steps_taken = 0;  // a collector's last answer to `stats`
};

/// Sequential (classic) mode: the coordinator gates the workers into phases, each iteration
/// collect `episodes` → fit the model until every member early-stops or `max_epochs` → take
/// `policy_steps` policy steps. Off: all workers run freely (asynchronous mode). A resumed run
/// first does what was left of the phase it stopped in (its checkpointed position).
struct sequential_phases {
  bool enabled = false;
  uint64_t episodes = 5;      // per iteration, shared among the collectors
  uint64_t max_epochs = 200;  // the paper's sequential maximum
  uint64_t policy_steps = 20;
};

// `enabled` is not a key: the run's mode says it.
template <class Visit>
void visit_fields(sequential_phases& c, Visit&& v) {
  using config::interval;
  v("episodes", c.episodes, interval::closed(1, 1e6));
  v("max_epochs", c.max_epochs, interval::closed(1, 1e6));
  v("policy_steps", c.policy_steps, interval::closed(1, 1e6));
}

struct coordinator_config {
  run_budget budget;
  std::chrono::duration<double> poll_interval{0.1};  // how often the budget is checked
  std::chrono::duration<double> request_timeout{10.0};
  sequential_phases sequential;
  // A resumed run goes on from its earlier processes' elapsed time, restarts and crashes.
  run_counters carried_over;
  // Where the counters are checkpointed (actors/run_counters.hpp), every `checkpoint_interval`
  // and when the run finishes; empty: nowhere.
  std::string counters_path;
  std::chrono::duration<double> checkpoint_interval{0};
  // A phase may take long (a robot collecting); its gate request still has a finite limit.
  std::chrono::duration<double> phase_timeout{24 * 3600.0};
  // On a node that takes attached workers (amb node), a run whose workers are all gone waits
  // for peers to attach again instead of stopping before its budget.
  bool wait_for_peers = false;
  // A real system that never answered (errc::unreachable) this many worker starts in a row,
  // with no trajectory stored in between, stops the run with that failure: restarting its
  // worker again would not make it answer.
  uint32_t unreachable_starts = 3;
  // Sequential mode: the roles the run has. A phase of one of them waits until a worker of that
  // role has joined (the supervisor starts them after the coordinator, and restarts them); a
  // phase of a role the run lacks (no model learner in a model-free run) is skipped.
  std::vector<worker_role> phase_roles{worker_role::collector, worker_role::model_learner,
                                       worker_role::policy_learner};
};

struct coordinator_state {
  std::chrono::steady_clock::time_point start;
  std::vector<named_worker> workers;
  messages::run_stats stats;
  bool stopping = false;
  // Sequential mode: where the run stands, and the count its phase's units are measured by
  // (stored trajectories, φ or θ versions) as of when the phase began.
  sequential_position position;
  uint64_t phase_began_at = UINT64_MAX;  // none yet in this process: its count adds nothing
  std::shared_ptr<std::function<void(sequential_phase, uint64_t)>> phase_driver;
  struct parked_phase {
    worker_role role;
    uint64_t units;
    std::function<void()> next;
  };
  std::optional<parked_phase> parked;  // a phase waiting for its first worker to join
  std::vector<caf::typed_response_promise<messages::run_stats>> waiting;
  periodic_deadline next_checkpoint;
  std::set<std::string> leaving;    // attached nodes ("peer2") that said they leave the run
  uint32_t unreachable_streak = 0;  // workers that found their system unreachable, in a row
  uint64_t pushed_at_streak = 0;    // trajectories stored when the streak began
  static inline const char* name = "coordinator";
};

/// The Coordinator (shared/DESIGN.md): polls the servers, stops the workers when the budget is
/// reached or on request (or when every worker has died; workers may join at any time, and a
/// coordinator that has none yet waits for them), logs workers' stops and crashes, checkpoints
/// the run's counters, and answers `wait` with the final stats once all workers are down (and
/// the counters are written). Sends each stats update to `observer` when it is set (the command
/// line's progress line). In sequential mode it drives the phases. `model_server` may be
/// none: a run without a model.
messages::coordinator_actor::behavior_type coordinator(
    messages::coordinator_actor::stateful_pointer<coordinator_state> self,
    coordinator_config config, messages::data_buffer_actor buffer,
    messages::param_server_actor policy_server, messages::param_server_actor model_server,
    std::vector<named_worker> workers, messages::event_log_actor events, caf::actor observer);

}  // namespace amb::actors
