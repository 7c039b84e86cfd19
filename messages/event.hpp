#pragma once

#include <caf/meta/type_name.hpp>
#include <string>

namespace amb::messages {

/// A notable moment of a run, one line of events.jsonl.
struct event {
  double time = 0;   // seconds since the run started
  std::string kind;  // started, stopped, crashed, restarted, peer_joined, peer_lost, budget_reached
  std::string actor;   // who it concerns, e.g. "collector-0"
  std::string detail;  // the exit reason or other explanation; may be empty
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, event& x) {
  return f(caf::meta::type_name("event"), x.time, x.kind, x.actor, x.detail);
}

}  // namespace amb::messages
