// The Supervisor over real actors: restart types against exit reasons, the three strategies,
// the restart budget and its escalation, the backoff. Every wait is for the message meant.
#include "actors/supervisor.hpp"

#include <doctest/doctest.h>

#include <caf/all.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "actors/event_log.hpp"
#include "actors/fault_injection.hpp"
#include "messages/errors.hpp"
#include "tests/amb_command.hpp"
#include "tests/support.hpp"

using namespace amb;
using namespace amb::actors;
using namespace amb::messages;

namespace {

using die_atom = caf::atom_constant<caf::atom("die")>;
enum class exit_kind { normal, shutdown, error, hang };

// A child that exits with the reason it is told to, or hangs; until then it answers pings.
caf::behavior obedient_child(caf::event_based_actor* self) {
  return {[](ping_atom) { return ping_atom::value; },
          [=](die_atom, int kind) {
            switch (static_cast<exit_kind>(kind)) {
              case exit_kind::hang:
                hang(self);
                break;
              case exit_kind::normal:
                self->quit(caf::exit_reason::normal);
                break;
              case exit_kind::shutdown:
                self->quit(caf::exit_reason::user_shutdown);
                break;
              case exit_kind::error:
                self->quit(caf::make_error(caf::sec::runtime_error, "told to fail"));
                break;
            }
          }};
}

child_spec spec(caf::actor_system& system, const std::string& name, restart_type type) {
  return {name, "model_learner", type, [&system] { return system.spawn(obedient_child); }};
}

restart_budget quick_budget(int max_restarts = 100) {
  restart_budget b;
  b.max_restarts = max_restarts;
  b.backoff_initial = std::chrono::duration<double>(0.001);
  b.backoff_max = std::chrono::duration<double>(0.004);
  return b;
}

struct supervised {
  explicit supervised(const std::string& test)
      : scratch(test), events(system.spawn(event_log, (scratch.path / "events.jsonl").string())) {}

  // Starts a supervisor and takes the join of each initial child.
  void start(restart_strategy strategy, std::vector<child_spec> children, restart_budget budget,
             std::chrono::duration<double> stall_timeout = {}) {
    supervisor_config config{strategy, budget, std::move(children), stall_timeout};
    const size_t n = config.children.size();
    sup = system.spawn(supervisor, config, caf::actor{self}, events);
    for (size_t i = 0; i < n; ++i) handles[next_join().first] = last_handle;
  }

  // The next (re)start the supervisor announces: (name, role).
  std::pair<std::string, std::string> next_join() {
    std::pair<std::string, std::string> joined;
    self->receive(
        [&](join_atom, const std::string& name, const caf::actor& handle, const std::string& role) {
          joined = {name, role};
          last_handle = handle;
        },
        caf::after(std::chrono::seconds(10)) >> [] { FAIL("no join within 10 s"); });
    return joined;
  }

  // Tells a child to exit and waits until it has.
  void kill(const std::string& name, exit_kind kind) {
    auto child = handles.at(name);
    self->monitor(child);
    self->send(child, die_atom::value, static_cast<int>(kind));
    self->receive([](caf::down_msg&) {});
  }

  std::vector<nlohmann::json> read_events() {
    self->request(events, std::chrono::seconds(10), wait_atom::value)
        .receive([](uint64_t) {}, [](caf::error&) {});
    std::vector<nlohmann::json> lines;
    std::ifstream in(scratch.path / "events.jsonl");
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
  }

  ~supervised() {
    self->send_exit(sup, caf::exit_reason::user_shutdown);
    self->send_exit(events, caf::exit_reason::user_shutdown);
  }

  tests::test_config cfg;
  caf::actor_system system{cfg};
  caf::scoped_actor self{system};
  tests::scratch_dir scratch;
  event_log_actor events;
  caf::actor sup;
  caf::actor last_handle;
  std::map<std::string, caf::actor> handles;
};

}  // namespace

TEST_CASE("a child is restarted according to its restart type and its exit reason") {
  struct row {
    restart_type type;
    exit_kind kind;
    bool restarts;
  };
  const row matrix[] = {
      {restart_type::permanent, exit_kind::normal, true},
      {restart_type::permanent, exit_kind::shutdown, true},
      {restart_type::permanent, exit_kind::error, true},
      {restart_type::transient, exit_kind::normal, false},
      {restart_type::transient, exit_kind::shutdown, false},
      {restart_type::transient, exit_kind::error, true},
      {restart_type::temporary, exit_kind::normal, false},
      {restart_type::temporary, exit_kind::shutdown, false},
      {restart_type::temporary, exit_kind::error, false},
  };
  for (const auto& r : matrix) {
    CAPTURE(static_cast<int>(r.type));
    CAPTURE(static_cast<int>(r.kind));
    supervised t("supervisor-matrix");
    auto& system = t.system;
    // A permanent probe, killed after the child: the supervisor handles the deaths in that
    // order, so when the probe is back its decision on the child is in the event log. (Which
    // of the two equal backoffs fires first is up to the scheduler.)
    t.start(restart_strategy::one_for_one,
            {spec(system, "child", r.type), spec(system, "probe", restart_type::permanent)},
            quick_budget());
    t.kill("child", r.kind);
    t.kill("probe", exit_kind::error);
    std::multiset<std::string> joined{t.next_join().first};
    if (r.restarts) joined.insert(t.next_join().first);
    CHECK(joined.count("probe") == 1);
    CHECK(joined.count("child") == (r.restarts ? 1 : 0));
    int child_restarts = 0;
    for (const auto& e : t.read_events())
      if (e["kind"] == "restarting" && e["actor"] == "child") ++child_restarts;
    CHECK(child_restarts == (r.restarts ? 1 : 0));
  }
}

TEST_CASE("one_for_one, one_for_all and rest_for_one restart the right children, in order") {
  struct row {
    restart_strategy strategy;
    std::vector<std::string> restarted;
  };
  const row rows[] = {{restart_strategy::one_for_one, {"b"}},
                      {restart_strategy::one_for_all, {"a", "b", "c"}},
                      {restart_strategy::rest_for_one, {"b", "c"}}};
  for (const auto& r : rows) {
    CAPTURE(static_cast<int>(r.strategy));
    supervised t("supervisor-strategy");
    auto& system = t.system;
    t.start(r.strategy,
            {spec(system, "a", restart_type::permanent), spec(system, "b", restart_type::permanent),
             spec(system, "c", restart_type::permanent)},
            quick_budget());
    const auto before = t.handles;
    t.kill("b", exit_kind::error);
    std::vector<std::string> restarted;
    for (size_t i = 0; i < r.restarted.size(); ++i) {
      restarted.push_back(t.next_join().first);
      CHECK(t.last_handle != before.at(restarted.back()));  // a fresh instance
    }
    CHECK(restarted == r.restarted);
    // Children outside the group kept running: their old instances still answer.
    for (const auto& name : {"a", "b", "c"}) {
      const bool in_group =
          std::find(r.restarted.begin(), r.restarted.end(), name) != r.restarted.end();
      if (in_group) continue;
      t.self->monitor(before.at(name));
      t.self->send_exit(before.at(name), caf::exit_reason::user_shutdown);
      t.self->receive([&](caf::down_msg& d) { CHECK(d.source == before.at(name).address()); });
      CHECK(t.next_join().first == name);  // and, permanent, it is restarted now
    }
  }
}

TEST_CASE(
    "past its restart budget the supervisor escalates: an event, its children stopped, an error") {
  supervised t("supervisor-budget");
  auto& system = t.system;
  t.start(restart_strategy::one_for_one,
          {spec(system, "child", restart_type::permanent),
           spec(system, "bystander", restart_type::permanent)},
          quick_budget(/*max_restarts=*/2));
  t.self->monitor(t.sup);
  t.self->monitor(t.handles["bystander"]);
  for (int i = 0; i < 2; ++i) {
    t.kill("child", exit_kind::error);
    CHECK(t.next_join().first == "child");
    t.handles["child"] = t.last_handle;
  }
  t.kill("child", exit_kind::error);  // the third failure within the window
  caf::error reason;
  bool bystander_stopped = false;
  for (int downs = 0; downs < 2; ++downs)
    t.self->receive([&](caf::down_msg& d) {
      if (d.source == t.sup.address()) reason = d.reason;
      if (d.source == t.handles["bystander"].address()) bystander_stopped = true;
    });
  CHECK(reason == make_error(errc::restart_budget_exceeded, ""));
  CHECK(bystander_stopped);
  const auto events = t.read_events();
  REQUIRE_FALSE(events.empty());
  CHECK(events.back()["kind"] == "escalated");
  CHECK(events.back()["detail"].get<std::string>().find("after 2 restarts") != std::string::npos);
}

TEST_CASE("restarts back off exponentially up to the maximum") {
  supervised t("supervisor-backoff");
  auto& system = t.system;
  t.start(restart_strategy::one_for_one, {spec(system, "child", restart_type::permanent)},
          quick_budget());
  for (int i = 0; i < 4; ++i) {
    t.kill("child", exit_kind::error);
    t.next_join();
    t.handles["child"] = t.last_handle;
  }
  std::vector<std::string> delays;
  for (const auto& e : t.read_events())
    if (e["kind"] == "restarting") {
      const auto detail = e["detail"].get<std::string>();
      delays.push_back(detail.substr(detail.rfind("in ") + 3));
    }
  CHECK(delays == std::vector<std::string>{"0.001000 s", "0.002000 s", "0.004000 s", "0.004000 s"});
}

TEST_CASE("a supervisor that stops takes its children along") {
  supervised t("supervisor-stop");
  auto& system = t.system;
  t.start(restart_strategy::one_for_one, {spec(system, "child", restart_type::permanent)},
          quick_budget());
  t.self->monitor(t.handles["child"]);
  t.self->send_exit(t.sup, caf::exit_reason::user_shutdown);
  t.self->receive([&](caf::down_msg& d) { CHECK(d.source == t.handles["child"].address()); });
}

TEST_CASE("a child that stops answering its liveness checks is stopped and restarted") {
  supervised t("supervisor-stall");
  auto& system = t.system;
  t.start(restart_strategy::one_for_one,
          {spec(system, "hung", restart_type::permanent),
           spec(system, "healthy", restart_type::permanent)},
          quick_budget(), std::chrono::duration<double>(0.05));
  const auto hung = t.handles["hung"];
  const auto healthy = t.handles["healthy"];
  t.self->monitor(hung);
  t.self->send(hung, die_atom::value, static_cast<int>(exit_kind::hang));
  // Hung, it cannot exit by itself: its end is the supervisor's doing.
  t.self->receive([&](caf::down_msg& down) {
    CHECK(down.source == hung.address());
    CHECK(t.system.render(down.reason).find("stalled") != std::string::npos);
  });
  CHECK(t.next_join().first == "hung");
  CHECK(t.last_handle != hung);
  int stalled = 0;
  for (const auto& e : t.read_events())
    if (e["kind"] == "stalled") {
      CHECK(e["actor"] == "hung");  // the healthy child kept answering
      ++stalled;
    }
  CHECK(stalled == 1);
  t.self->send(healthy, ping_atom::value);  // and is the same instance, still alive
  t.self->receive([](ping_atom) {});
}
