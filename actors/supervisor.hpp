#pragma once

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "messages/interfaces.hpp"

namespace amb::actors {

/// When a supervised child is restarted, after it exits (as in Erlang/OTP):
enum class restart_type {
  permanent,  // always
  transient,  // only after an error; a normal exit or a shutdown ends it for good
  temporary,  // never
};

/// Which children restart together when one of them is restarted:
enum class restart_strategy {
  one_for_one,   // only that child
  one_for_all,   // every child
  rest_for_one,  // that child and those started after it
};

struct child_spec {
  std::string name;  // in events and join messages
  std::string role;  // as join messages name it (see coordinator_actor)
  restart_type restart = restart_type::permanent;
  std::function<caf::actor()> start;  // spawns a fresh instance, from clean state
};

/// At most `max_restarts` restarts within `within`; one more escalates. The k-th restart of a
/// child inside the window waits min(backoff_initial * 2^k, backoff_max) first.
struct restart_budget {
  int max_restarts = 5;
  std::chrono::duration<double> within{60};
  std::chrono::duration<double> backoff_initial{0.1};
  std::chrono::duration<double> backoff_max{10};
};

struct supervisor_config {
  restart_strategy strategy = restart_strategy::one_for_one;
  restart_budget budget;
  std::vector<child_spec> children;  // started in this order
  // A child that leaves a liveness check (ping) unanswered this long has stalled: it is stopped
  // with the error `stalled` and restarted like any failed child. 0: no checks.
  std::chrono::duration<double> stall_timeout{0};
};

struct supervised_child {
  child_spec spec;
  caf::actor handle;        // null while down or waiting to restart
  int recent_restarts = 0;  // inside the budget's window, for the backoff
  bool stalled = false;     // found stalled and being stopped
};

struct supervisor_state {
  // Shared with the exit hook that stops the children: CAF destroys the state before it runs.
  std::shared_ptr<std::vector<supervised_child>> children =
      std::make_shared<std::vector<supervised_child>>();
  std::deque<std::chrono::steady_clock::time_point> restarts;  // inside the window
  std::chrono::steady_clock::time_point start;
  static inline const char* name = "supervisor";
};

/// The Supervisor: starts its children, monitors them, and restarts those that exit according
/// to their restart type and the strategy, after a backoff, within a restart budget. Every
/// (re)start is announced to `listener` as join(name, handle, role), so that whoever needs
/// the new handle gets it (the coordinator). Every restart and an escalation is an event.
/// Past the budget it escalates: stops its children and exits with the error
/// restart_budget_exceeded. When it exits for any reason its children are shut down too.
/// With a stall timeout, every child must answer `ping` within it (checked every timeout).
caf::behavior supervisor(caf::stateful_actor<supervisor_state>* self, supervisor_config config,
                         caf::actor listener, messages::event_log_actor events);

}  // namespace amb::actors
