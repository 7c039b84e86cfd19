#include "actors/supervisor.hpp"

#include <algorithm>
#include <caf/all.hpp>
#include <cmath>
#include <sstream>

#include "actors/metrics_row.hpp"
#include "messages/errors.hpp"

namespace amb::actors {

using namespace messages;

namespace {

using restart_atom = caf::atom_constant<caf::atom("restart")>;
using check_atom = caf::atom_constant<caf::atom("check")>;
using clock_type = std::chrono::steady_clock;

// A normal exit or a shutdown is not a failure: a transient child stays down after one.
bool is_failure(const caf::error& reason) {
  return reason && reason != caf::exit_reason::normal &&
         reason != caf::exit_reason::user_shutdown && reason != caf::exit_reason::kill;
}

bool restarts_after(restart_type type, const caf::error& reason) {
  switch (type) {
    case restart_type::permanent:
      return true;
    case restart_type::transient:
      return is_failure(reason);
    case restart_type::temporary:
      return false;
  }
  return false;
}

// The children that restart with child `i` under `strategy`.
std::vector<size_t> restart_set(restart_strategy strategy, size_t i, size_t count) {
  std::vector<size_t> set;
  const size_t first = strategy == restart_strategy::one_for_all ? 0 : i;
  const size_t last = strategy == restart_strategy::one_for_one ? i + 1 : count;
  for (size_t k = first; k < last; ++k) set.push_back(k);
  return set;
}

}  // namespace

caf::behavior supervisor(caf::stateful_actor<supervisor_state>* self, supervisor_config config,
                         caf::actor listener, event_log_actor events) {
  auto& st = self->state;
  st.start = clock_type::now();
  for (auto& spec : config.children) st.children->push_back({std::move(spec), nullptr, 0});

  auto log = [=](const std::string& kind, const std::string& actor, const std::string& detail) {
    if (events)
      self->send(events, event_atom::value,
                 event{seconds_since(self->state.start), kind, actor, detail});
  };
  auto start_child = [=](size_t i) {
    auto& c = (*self->state.children)[i];
    c.handle = c.spec.start();
    c.stalled = false;
    self->monitor(c.handle);
    if (listener) self->send(listener, join_atom::value, c.spec.name, c.handle, c.spec.role);
  };
  // Stopping for any reason takes the children along: nothing runs unsupervised.
  self->attach_functor([children = st.children](const caf::error&) {
    for (auto& c : *children)
      if (c.handle) caf::anon_send_exit(c.handle, caf::exit_reason::user_shutdown);
  });

  self->set_down_handler([=](caf::down_msg& down) {
    auto& s = self->state;
    auto& children = *s.children;
    auto it = std::find_if(children.begin(), children.end(), [&](const supervised_child& c) {
      return c.handle.address() == down.source;
    });
    if (it == children.end()) return;  // one we stopped ourselves for a group restart
    it->handle = nullptr;
    const size_t i = static_cast<size_t>(it - children.begin());
    if (!restarts_after(it->spec.restart, down.reason)) return;

    // The budget: at most max_restarts inside the window.
    const auto now = clock_type::now();
    while (!s.restarts.empty() && now - s.restarts.front() > config.budget.within)
      s.restarts.pop_front();
    if (static_cast<int>(s.restarts.size()) >= config.budget.max_restarts) {
      const std::string why = it->spec.name + " failed again (" +
                              self->system().render(down.reason) + ") after " +
                              std::to_string(s.restarts.size()) + " restarts within " +
                              std::to_string(config.budget.within.count()) + " s";
      log("escalated", "supervisor", why);
      self->quit(make_error(errc::restart_budget_exceeded, why));
      return;
    }
    s.restarts.push_back(now);
    if (s.restarts.size() == 1) it->recent_restarts = 0;  // a fresh window resets the backoff

    for (size_t k : restart_set(config.strategy, i, children.size()))
      if (k != i && children[k].handle) {
        self->demonitor(children[k].handle);
        self->send_exit(children[k].handle, caf::exit_reason::user_shutdown);
        children[k].handle = nullptr;
      }
    const double backoff =
        std::min(config.budget.backoff_initial.count() * std::pow(2.0, it->recent_restarts),
                 config.budget.backoff_max.count());
    ++it->recent_restarts;
    log("restarting", it->spec.name,
        "after " + self->system().render(down.reason) + "; in " + std::to_string(backoff) + " s");
    const auto delay = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::duration<double>(backoff));
    self->delayed_send(self, delay, restart_atom::value, static_cast<uint64_t>(i));
  });

  for (size_t i = 0; i < st.children->size(); ++i) start_child(i);
  const auto stall_timeout =
      std::chrono::duration_cast<std::chrono::microseconds>(config.stall_timeout);
  if (stall_timeout.count() > 0) self->delayed_send(self, stall_timeout, check_atom::value);
  return {
      [=](check_atom) {
        for (const auto& child : *self->state.children) {
          if (!child.handle) continue;
          self->request(child.handle, stall_timeout, ping_atom::value)
              .then([](ping_atom) {},
                    [=, asked = child.handle](caf::error&) {
                      // Only the instance that was asked, once: it may have died and been
                      // replaced, and an earlier check may have found it already.
                      auto& children = *self->state.children;
                      auto it = std::find_if(
                          children.begin(), children.end(),
                          [&](const supervised_child& c) { return c.handle == asked; });
                      if (it == children.end() || it->stalled) return;
                      it->stalled = true;
                      std::ostringstream why;
                      why << "no answer to a liveness check within " << config.stall_timeout.count()
                          << " s";
                      log("stalled", it->spec.name, why.str());
                      self->send_exit(asked, make_error(errc::stalled, why.str()));
                    });
        }
        self->delayed_send(self, stall_timeout, check_atom::value);
      },
      [=](restart_atom, uint64_t i) {
        const auto& children = *self->state.children;
        for (size_t k : restart_set(config.strategy, i, children.size())) {
          const auto& c = children[k];
          // Skip one already running (restarted for an earlier death of the group) and a
          // temporary child the group restart stopped: temporary children never restart.
          if (c.handle || (k != i && c.spec.restart == restart_type::temporary)) continue;
          start_child(k);
          log("restarted", c.spec.name, "");
        }
      },
  };
}

}  // namespace amb::actors
