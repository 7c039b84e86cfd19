#include "actors/coordinator.hpp"

#include <algorithm>
#include <array>
#include <caf/all.hpp>
#include <stdexcept>

#include "actors/metrics_row.hpp"
#include "messages/errors.hpp"

namespace amb::actors {

using namespace messages;

namespace {

bool budget_reached(const run_budget& budget, const run_stats& stats) {
  return (budget.trajectories > 0 && stats.buffer.trajectories_pushed >= budget.trajectories) ||
         (budget.env_steps > 0 && stats.buffer.env_steps >= budget.env_steps) ||
         (budget.wall_seconds > 0 && stats.elapsed >= budget.wall_seconds);
}

bool supervises(worker_role role) {
  return role == worker_role::supervisor || role == worker_role::peer;
}

std::chrono::microseconds to_micros(std::chrono::duration<double> d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d);
}

// What a sequential phase's units are counted by: each stored trajectory is an episode, and
// each gated learner step pushes one version (an epoch of φ, a policy step of θ).
uint64_t phase_count(const run_stats& stats, sequential_phase phase) {
  switch (phase) {
    case sequential_phase::collect:
      return stats.buffer.trajectories_pushed;
    case sequential_phase::model:
      return stats.model_version;
    case sequential_phase::policy:
      return stats.policy_version;
  }
  return 0;
}

}  // namespace

worker_role parse_worker_role(const std::string& text) {
  if (text == "collector") return worker_role::collector;
  if (text == "model_learner") return worker_role::model_learner;
  if (text == "policy_learner") return worker_role::policy_learner;
  if (text == "evaluator") return worker_role::evaluator;
  if (text == "supervisor") return worker_role::supervisor;
  if (text == "peer") return worker_role::peer;
  throw std::invalid_argument(
      "unknown worker role '" + text +
      "'; valid: collector, model_learner, policy_learner, evaluator, supervisor, peer");
}

coordinator_actor::behavior_type coordinator(
    coordinator_actor::stateful_pointer<coordinator_state> self, coordinator_config config,
    data_buffer_actor buffer, param_server_actor policy_server, param_server_actor model_server,
    std::vector<named_worker> workers, event_log_actor events, caf::actor observer) {
  auto& s = self->state;
  s.start = std::chrono::steady_clock::now() -
            std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                std::chrono::duration<double>(config.carried_over.elapsed));
  s.stats.elapsed = config.carried_over.elapsed;
  s.stats.restarts = config.carried_over.restarts;
  s.stats.crashes = config.carried_over.crashes;
  s.next_checkpoint = periodic_deadline(config.checkpoint_interval);
  s.workers = std::move(workers);
  s.stats.workers_alive = static_cast<uint32_t>(s.workers.size());
  const auto timeout = to_micros(config.request_timeout);

  auto log = [=](std::string kind, std::string actor, std::string detail) {
    self->send(events, event_atom::value,
               event{seconds_since(self->state.start), std::move(kind), std::move(actor),
                     std::move(detail)});
  };
  // Stops every worker, supervisors first: their exit reaches them before their children's
  // deaths, so nothing is restarted.
  auto stop_workers = [=] {
    auto& s = self->state;
    s.stopping = true;
    for (bool supervisors : {true, false})
      for (auto& w : s.workers)
        if (w.handle && supervises(w.role) == supervisors)
          self->send_exit(w.handle, caf::exit_reason::user_shutdown);
  };
  // The counters as a resumed run goes on from them. A failed write stops the coordinator (an
  // error the run reports): a run whose checkpoints silently stopped could not be resumed from
  // where it seemed to be.
  auto checkpoint_counters = [=] {
    auto& s = self->state;
    s.next_checkpoint.restart();
    if (config.counters_path.empty()) return;
    auto position = s.position;
    const auto count = phase_count(s.stats, position.phase);
    position.done += count > s.phase_began_at ? count - s.phase_began_at : 0;
    write_run_counters(config.counters_path,
                       {s.stats.elapsed, s.stats.restarts, s.stats.crashes,
                        config.carried_over.resumes, config.carried_over.generations, position});
  };
  // The parameter servers' versions into the stats, then `then`.
  auto read_versions = [=](std::function<void()> then) {
    auto pending = std::make_shared<int>(1);
    auto one_done = [=] {
      if (--*pending == 0) then();
    };
    for (auto server : {policy_server, model_server}) {
      if (!server) continue;
      ++*pending;
      const bool is_policy = server == policy_server;
      self->request(server, timeout, stats_atom::value)
          .then(
              [=](uint64_t version) {
                auto& s = self->state;
                (is_policy ? s.stats.policy_version : s.stats.model_version) = version;
                one_done();
              },
              [=](caf::error&) { one_done(); });
    }
    one_done();
  };
  // The final stats are read after every worker is down, so every push that was acknowledged
  // is counted, and a sequential run's position is exact.
  auto finish = [=] {
    self->request(buffer, timeout, stats_atom::value).then([=](buffer_stats& b) {
      auto& s = self->state;
      s.stats.buffer = b;
      s.stats.elapsed = seconds_since(s.start);
      read_versions([=] {
        auto& s = self->state;
        s.stats.finished = true;
        checkpoint_counters();
        if (observer) self->anon_send(observer, stats_atom::value, s.stats);
        for (auto& promise : s.waiting) promise.deliver(s.stats);
        s.waiting.clear();
      });
    });
  };

  // Ends the run before its workers' deaths would: the budget, or a stop request.
  auto stop_run = [=] {
    stop_workers();
    if (self->state.stats.workers_alive == 0) finish();  // no down message is coming
  };

  // Records the data buffer's counters and stops the workers once the budget is reached;
  // returns whether the run is stopping. Called on the timer and between sequential iterations.
  auto check_budget = [=](const buffer_stats& b) {
    auto& s = self->state;
    s.stats.buffer = b;
    s.stats.elapsed = seconds_since(s.start);
    if (!s.stopping && budget_reached(config.budget, s.stats)) {
      s.stats.budget_reached = true;
      log("budget_reached", "coordinator", "budget reached");
      stop_run();
    }
    return s.stopping;
  };
  auto watch = [=](const named_worker& w) {
    self->monitor(w.handle);
    log("started", w.name, "");
  };
  for (auto& w : s.workers) watch(w);
  self->set_down_handler([=](caf::down_msg& down) {
    auto& s = self->state;
    auto it = std::find_if(s.workers.begin(), s.workers.end(), [&](const named_worker& w) {
      return w.handle.address() == down.source;
    });
    if (it == s.workers.end()) return;
    // Once the run stops, an attached node that ends (and drops its connection) before its
    // workers' own stop messages arrive has not crashed.
    const bool ended = down.reason == caf::exit_reason::user_shutdown ||
                       (s.stopping && down.reason == caf::exit_reason::remote_link_unreachable);
    // An attached node (its supervisor, a peer) that left or whose connection was lost, and the
    // workers lost with it, are counted as peers lost or left, not as crashes of workers.
    const bool is_peer = it->role == worker_role::peer;
    // Of a node that said it leaves: the peer is named "peer2 (host)", its workers "...@peer2".
    const bool leaving = std::any_of(s.leaving.begin(), s.leaving.end(), [&](const auto& peer) {
      const auto& name = it->name;
      return (is_peer && name.rfind(peer + " ", 0) == 0) ||
             (name.size() > peer.size() + 1 &&
              name.compare(name.size() - peer.size() - 1, std::string::npos, "@" + peer) == 0);
    });
    const bool link_lost =
        !ended && !leaving && down.reason == caf::exit_reason::remote_link_unreachable;
    const bool crashed = down.reason && !ended && !link_lost && !is_peer && !leaving;
    if (crashed) ++s.stats.crashes;
    if (crashed && is(down.reason, errc::unreachable)) {
      const auto pushed = s.stats.buffer.trajectories_pushed;
      if (s.unreachable_streak == 0 || pushed != s.pushed_at_streak) {
        s.unreachable_streak = 0;
        s.pushed_at_streak = pushed;
      }
      if (++s.unreachable_streak >= config.unreachable_starts && !s.stopping) {
        s.stats.failure = describe(down.reason) + " (" + std::to_string(s.unreachable_streak) +
                          " starts in a row)";
        log("stopping", "coordinator", s.stats.failure);
        stop_workers();
      }
    }
    const char* kind = crashed ? "crashed" : link_lost ? "lost" : "stopped";
    if (is_peer && !s.stopping) {
      const bool left = leaving || down.reason == caf::exit_reason::user_shutdown;
      ++(left ? s.stats.peers_left : s.stats.peers_lost);
      kind = left ? "peer_left" : "peer_lost";
    }
    log(kind, it->name, down.reason ? self->system().render(down.reason) : "");
    it->handle = nullptr;
    if (it->role == worker_role::supervisor && !s.stopping) {
      s.stats.escalated = true;
      log("stopping", "coordinator", "the supervisor gave up on its workers; stopping the run");
      stop_workers();
    }
    if (--s.stats.workers_alive == 0) {
      if (!s.stopping && config.wait_for_peers) {
        log("waiting", "coordinator", "no worker left; waiting for nodes to attach");
        return;
      }
      if (!s.stopping) {
        s.stopping = true;
        log("all_workers_down", "coordinator", "stopping the run before its budget");
      }
      finish();
    }
  });
  if (config.sequential.enabled) {
    // Counters of a run that did not keep its position yet (an older amb) begin an iteration.
    s.position = config.carried_over.sequential;
    if (s.position.iteration == 0) s.position = {1, sequential_phase::collect, 0};
  }
  self->anon_send(caf::actor_cast<coordinator_actor>(self), tick_atom::value);
  checkpoint_counters();  // the run's first: a resume knows from it what the run has written

  // Sequential mode: one phase at a time, each a gate request to every worker of one role,
  // answered when the worker has done its share (or has died: its down message tells).
  auto phase = [=](worker_role role, uint64_t units, std::function<void()> next) {
    auto& s = self->state;
    if (s.stopping) return;
    std::vector<caf::actor> targets;
    for (const auto& w : s.workers)
      if (w.handle && w.role == role) targets.push_back(w.handle);
    if (targets.empty()) {
      const auto& roles = config.phase_roles;
      if (std::find(roles.begin(), roles.end(), role) == roles.end()) return next();
      s.parked = coordinator_state::parked_phase{role, units, std::move(next)};
      return;
    }
    // Episodes are shared among the collectors; epochs and steps go to each learner.
    const uint64_t each =
        role == worker_role::collector ? (units + targets.size() - 1) / targets.size() : units;
    auto pending = std::make_shared<size_t>(targets.size());
    auto one_done = [=] {
      if (--*pending == 0) next();
    };
    for (const auto& target : targets)
      self->request(target, to_micros(config.phase_timeout), gate_atom::value, each)
          .then([=](uint64_t) { one_done(); }, [=](caf::error&) { one_done(); });
  };
  // The phases of an iteration, from `from` on, with `done` of its units done already (a
  // resumed run); each begins by reading its count afresh, as the timer's copies may lag.
  struct phase_plan {
    worker_role role;
    uint64_t units;
  };
  const std::array<phase_plan, 3> plans{
      {{worker_role::collector, config.sequential.episodes},
       {worker_role::model_learner, config.sequential.max_epochs},
       {worker_role::policy_learner, config.sequential.policy_steps}}};
  auto run_phases = std::make_shared<std::function<void(sequential_phase, uint64_t)>>();
  *run_phases = [=, weak = std::weak_ptr<std::function<void(sequential_phase, uint64_t)>>(
                        run_phases)](sequential_phase from, uint64_t done) {
    const auto index = static_cast<size_t>(from);
    auto begin = [=](uint64_t count) {
      auto& s = self->state;
      if (s.stopping) return;
      s.position.phase = from;
      s.position.done = done;
      s.phase_began_at = count;
      const auto& plan = plans[index];
      std::string detail = phase_name(from) + (" " + std::to_string(s.position.iteration));
      if (done > 0)
        detail += " (resumed: " + std::to_string(std::min(done, plan.units)) + " of " +
                  std::to_string(plan.units) + " done)";
      log("phase", "coordinator", detail);
      auto next = [=] {
        auto again = weak.lock();
        if (!again || self->state.stopping) return;  // the stopped phase is where a resume goes on
        if (from != sequential_phase::policy)
          return (*again)(static_cast<sequential_phase>(index + 1), 0);
        ++self->state.position.iteration;
        (*again)(sequential_phase::collect, 0);
      };
      if (done >= plan.units) return next();
      phase(plan.role, plan.units - done, next);
    };
    if (self->state.stopping) return;
    if (from != sequential_phase::collect)
      return read_versions([=] { begin(phase_count(self->state.stats, from)); });
    // The budget is checked between iterations too, not only on the timer: a fast collect
    // phase would otherwise start an iteration past it.
    self->request(buffer, timeout, stats_atom::value).then([=](buffer_stats& b) {
      if (!check_budget(b)) begin(b.trajectories_pushed);
    });
  };
  if (config.sequential.enabled) {
    s.phase_driver = run_phases;  // owned by the state, so it lives as long as the coordinator
    (*run_phases)(s.position.phase, s.position.done);
  }

  return {
      [=](stats_atom) -> run_stats {
        auto stats = self->state.stats;
        stats.elapsed = seconds_since(self->state.start);
        return stats;
      },
      [=](tick_atom) {
        if (self->state.stats.finished) return;
        self->request(buffer, timeout, stats_atom::value).then([=](buffer_stats& b) {
          auto& s = self->state;
          if (s.stats.finished) return;
          check_budget(b);
          if (s.next_checkpoint.due()) checkpoint_counters();
          if (observer) self->anon_send(observer, stats_atom::value, s.stats);
        });
        for (size_t i = 0; i < self->state.workers.size(); ++i) {
          const auto& w = self->state.workers[i];
          if (!w.handle || w.role != worker_role::collector) continue;
          self->request(self->state.workers[i].handle, timeout, stats_atom::value)
              .then(
                  [=](uint64_t steps) {
                    auto& s = self->state;
                    s.workers[i].steps_taken = steps;
                    s.stats.steps_taken = 0;
                    for (const auto& w : s.workers) s.stats.steps_taken += w.steps_taken;
                  },
                  [](caf::error&) {});  // a worker that just stopped; its down message tells
        }
        read_versions([] {});
        self->delayed_anon_send(caf::actor_cast<coordinator_actor>(self),
                                to_micros(config.poll_interval), tick_atom::value);
      },
      [=](stop_atom, const std::string& reason) {
        auto& s = self->state;
        if (s.stopping) return;
        s.stats.stopped_by = reason;
        log("stopping", "coordinator", "stopped by " + reason);
        stop_run();
      },
      [=](eval_atom, double mean_return, uint64_t) {
        self->state.stats.evaluated = true;
        self->state.stats.last_eval_return = mean_return;
      },
      [=](join_atom, const std::string& name, const caf::actor& worker, const std::string& role) {
        auto& s = self->state;
        if (s.stopping) {  // too late to take part
          self->send_exit(worker, caf::exit_reason::user_shutdown);
          return;
        }
        const bool again = std::any_of(s.workers.begin(), s.workers.end(),
                                       [&](const named_worker& w) { return w.name == name; });
        if (again) ++s.stats.restarts;  // a supervisor's fresh instance of a worker
        s.workers.push_back({name, worker, parse_worker_role(role)});
        if (s.workers.back().role == worker_role::peer) ++s.stats.peers_joined;
        ++s.stats.workers_alive;
        watch(s.workers.back());
        if (s.parked && s.parked->role == s.workers.back().role) {
          auto waiting = std::move(*s.parked);
          s.parked.reset();
          phase(waiting.role, waiting.units, std::move(waiting.next));
        }
      },
      [=](leave_atom, const std::string& peer) {
        self->state.leaving.insert(peer);
        return true;
      },
      [=](wait_atom) {
        auto promise = self->make_response_promise<run_stats>();
        if (self->state.stats.finished)
          promise.deliver(self->state.stats);
        else
          self->state.waiting.push_back(promise);
        return promise;
      },
  };
}

}  // namespace amb::actors
