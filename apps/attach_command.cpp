// amb attach: workers on this host that join a run of amb node on another, supervised here.
#include <unistd.h>

#include <caf/all.hpp>
#include <cmath>
#include <iostream>
#include <optional>
#include <thread>

#include "actors/attach_handshake.hpp"
#include "actors/supervisor.hpp"
#include "apps/cluster_network.hpp"
#include "apps/commands.hpp"
#include "apps/config_document.hpp"
#include "apps/stop_signals.hpp"
#include "apps/worker_specs.hpp"
#include "learners/compute_threads.hpp"
#include "messages/errors.hpp"
#include "messages/registration.hpp"

namespace amb::apps {

namespace {

using namespace messages;
using seconds = std::chrono::duration<double>;

constexpr const char* attach_details =
    R"(Starts workers of one role on this host that work against the servers of a run of amb node
at HOST:PORT, under a supervisor of this host's own (it restarts them as amb run would).
They take the node's run configuration; with CONFIG (and --set) the node refuses them
unless its configuration is the same, and says which keys differ. The node also refuses an
amb build whose message types differ from its own.

A node that is not up yet, or that leaves the attach handshake unanswered for 10 s (or 4 x
--peer-timeout if longer), is waited for, and when the node is lost (killed, frozen past
--peer-timeout, cut off) the workers stop: either way this node attaches with a growing delay
(0.5 s doubling up to 10 s) until the node is there or --give-up seconds have passed. When the
node ends the run, this command ends too. SIGINT or SIGTERM (Ctrl-C) stops the workers and
leaves the run, which goes on without them (the node logs peer_left); a second one ends this
process at once.

Exit codes: 0 the node ended the run; 1 the node did not answer at HOST:PORT for --give-up
seconds (at the start or after a loss), the connection failed otherwise, or the workers failed past
their restart budget; 2 bad usage, or the node refused this attach (its TLS handshake,
or the message says what differs); 130 or 143 left the run on SIGINT or SIGTERM.)";

struct attach_arguments {
  host_port node;
  network_options network;
  actors::attach_request request;
  double give_up_seconds = 300;
};

// What the command line gave, before the request is made of it.
struct attach_options {
  std::string connect;
  std::string config_path;
  std::vector<std::string> sets;
  attach_arguments parsed;
};

// The attach request: this build's types and host, and the configuration the user expects.
void complete_request(attach_options& options) {
  auto& request = options.parsed.request;
  if (!options.config_path.empty() || !options.sets.empty())
    request.config = to_json(resolve_run_config(
        options.config_path.empty() ? nlohmann::json() : read_json_file(options.config_path),
        options.sets));
  request.types = type_registry();
  char host[256] = {};
  gethostname(host, sizeof(host) - 1);
  request.host = host;
  request.pid = getpid();
}

// The node said no: retrying cannot help.
struct attach_refused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The context text of an amb error (what the node said), or CAF's rendering of another.
std::string explain(caf::actor_system& system, const caf::error& err) {
  if (err.category() == caf::atom("amb") && err.context().match_elements<std::string>())
    return err.context().get_as<std::string>(0);
  return system.render(err);
}

// One attachment: the node's gateway and this host's supervisor of the workers.
struct attachment {
  caf::actor gateway;
  caf::actor supervisor;
  coordinator_actor coordinator;
  std::string peer;
};

attachment attach(caf::actor_system& system, const attach_arguments& args) {
  const seconds handshake_timeout(std::max(10.0, 4 * args.network.peer_timeout_seconds));
  attachment result;
  result.gateway = connect_to(system, args.node, args.network, handshake_timeout);
  std::string welcome_text;
  std::vector<caf::actor> handles;
  caf::scoped_actor self{system};
  self->request(result.gateway,
                std::chrono::duration_cast<std::chrono::microseconds>(handshake_timeout),
                attach_atom::value, actors::to_text(args.request))
      .receive(
          [&](std::string& text, std::vector<caf::actor>& servers) {
            welcome_text = std::move(text);
            handles = std::move(servers);
          },
          [&](caf::error& err) {
            if (err.category() == caf::atom("amb") &&
                err.code() == static_cast<uint8_t>(errc::refused))
              throw attach_refused(explain(system, err));
            // Seen once in CI right after a re-attach: the connection came up and the
            // handshake went unanswered. Likely the middleman handed out the proxy of the lost
            // connection (its cache is cleared by a down message of its own, which may come
            // after ours), and a message to a dead proxy vanishes. As for a node not up yet,
            // trying again connects anew.
            if (err == caf::sec::request_timeout)
              throw node_unreachable("no answer to the attach handshake within " +
                                     std::to_string(std::lround(handshake_timeout.count())) + " s");
            throw std::runtime_error("the handshake failed: " + explain(system, err));
          });
  const auto welcome = actors::parse_attach_welcome(welcome_text);
  const auto servers = run_servers::from_names(welcome.servers, handles);
  const auto config = resolve_run_config(welcome.config, {});
  learners::set_compute_threads(config.runtime.torch_threads);
  const auto& role = args.request.role;
  worker_placement placement;
  placement.first_collector = welcome.first_collector;
  placement.collectors = role == "collector" ? args.request.count : 0;
  placement.model_learner = role == "model";
  placement.policy_learner = role == "policy";
  placement.evaluator = role == "evaluator";
  placement.generation = welcome.generation;
  placement.name_suffix = "@" + welcome.peer;
  auto specs = worker_specs(system, config, placement, servers);
  std::string names;
  for (const auto& spec : specs) names += (names.empty() ? "" : ", ") + spec.name;
  // Every worker joins the node's coordinator, which stops this supervisor at the end of the run.
  result.supervisor =
      system.spawn(actors::supervisor, supervision_of(config, std::move(specs)),
                   caf::actor_cast<caf::actor>(servers.coordinator), servers.events);
  result.peer = welcome.peer;
  result.coordinator = servers.coordinator;
  self->send(servers.coordinator, join_atom::value, welcome.peer + " (" + args.request.host + ")",
             result.supervisor, std::string("peer"));
  std::cout << "[amb attach] attached to " << args.node.host << ":" << args.node.port << " as "
            << welcome.peer << ": " << names << "; run config hash "
            << actors::config_hash(welcome.config) << std::endl;
  return result;
}

enum class session_end { run_finished, node_lost, workers_failed, left };

// Waits until the node ends the run, the node is lost, the workers fail for good, or this
// process is asked to stop (SIGINT, SIGTERM): then it stops its workers and leaves the run,
// which the node logs as a peer that left, not as one lost with crashed workers.
session_end serve(caf::actor_system& system, const attachment& at, std::string& why,
                  seconds ping_timeout) {
  caf::scoped_actor self{system};
  self->monitor(at.gateway);
  self->monitor(at.supervisor);
  for (;;) {
    std::optional<caf::down_msg> down;
    self->receive([&](caf::down_msg& msg) { down = std::move(msg); },
                  caf::after(std::chrono::milliseconds(100)) >> [] {});
    if (!down) {
      if (stop_signals::received().empty()) continue;
      // Said first, so that the node counts the workers' stops (or their connection closing
      // before their stops arrive) as this node leaving, not as losses.
      self->request(at.coordinator,
                    std::chrono::duration_cast<std::chrono::microseconds>(ping_timeout),
                    leave_atom::value, at.peer)
          .receive([](bool) {}, [](caf::error&) {});
      self->send_exit(at.supervisor, caf::exit_reason::user_shutdown);
      self->wait_for(at.supervisor);
      return session_end::left;
    }
    if (down->source == at.gateway) {
      why = system.render(down->reason);
      self->send_exit(at.supervisor, caf::exit_reason::user_shutdown);
      self->wait_for(at.supervisor);
      return session_end::node_lost;
    }
    if (down->source != at.supervisor) continue;
    if (!down->reason || down->reason == caf::exit_reason::user_shutdown)
      return session_end::run_finished;
    // The workers fail when the node goes away: ask whether it is still there.
    bool node_answers = false;
    self->request(at.gateway, std::chrono::duration_cast<std::chrono::microseconds>(ping_timeout),
                  ping_atom::value)
        .receive([&](ping_atom) { node_answers = true; }, [](caf::error&) {});
    why = explain(system, down->reason);
    return node_answers ? session_end::workers_failed : session_end::node_lost;
  }
}

// Attaches to the node, trying again with a growing delay while nothing answers at its address
// (not up yet, or not up again), for up to --give-up seconds. Returns the exit code when it
// gives up (1), is refused (2), fails otherwise (1) or is asked to stop (128 + the signal);
// none once attached.
std::optional<int> attach_patiently(caf::actor_system& system, const attach_arguments& parsed,
                                    attachment& out) {
  const auto where = parsed.node.host + ":" + std::to_string(parsed.node.port);
  const auto start = std::chrono::steady_clock::now();
  seconds delay(0.5);
  for (;;) {
    try {
      out = attach(system, parsed);
      return std::nullopt;
    } catch (const attach_refused& e) {
      std::cerr << "amb attach: the node at " << where << " refused this attach: " << e.what()
                << "\n";
      return 2;
    } catch (const handshake_refused& e) {
      std::cerr << "amb attach: the node at " << where << " refused this attach: " << e.what()
                << "\n";
      return 2;
    } catch (const node_unreachable& e) {
      std::cout << "[amb attach] not there yet: " << e.what() << std::endl;
    } catch (const std::exception& e) {
      std::cerr << "amb attach: " << e.what() << "\n";
      return 1;
    }
    const seconds waited = std::chrono::steady_clock::now() - start;
    if (waited.count() >= parsed.give_up_seconds) {
      std::cerr << "amb attach: gave up: the node has not answered at " << where << " for "
                << waited.count() << " s (--give-up " << parsed.give_up_seconds << ")\n";
      return 1;
    }
    const auto until = std::chrono::steady_clock::now() +
                       std::min(delay, seconds(parsed.give_up_seconds) - waited);
    while (std::chrono::steady_clock::now() < until) {
      if (!stop_signals::received().empty()) return stop_signals::exit_code();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    delay = std::min(delay * 2, seconds(10));
  }
}

int serve_node(caf::actor_system& system, const attach_arguments& parsed) {
  const auto where = parsed.node.host + ":" + std::to_string(parsed.node.port);
  const seconds ping_timeout(2 * parsed.network.peer_timeout_seconds);
  const stop_signals signals;
  attachment current;
  if (auto code = attach_patiently(system, parsed, current)) return *code;
  for (;;) {
    std::string why;
    switch (serve(system, current, why, ping_timeout)) {
      case session_end::run_finished:
        std::cout << "[amb attach] the node ended the run" << std::endl;
        return 0;
      case session_end::left:
        std::cout << "[amb attach] left the run (" << stop_signals::received()
                  << "); its workers stopped" << std::endl;
        return stop_signals::exit_code();
      case session_end::workers_failed:
        std::cerr << "amb attach: the workers failed past their restart budget: " << why << "\n";
        return 1;
      case session_end::node_lost:
        break;
    }
    std::cout << "[amb attach] lost the node at " << where << " (" << why
              << "); re-attaching for up to " << parsed.give_up_seconds << " s" << std::endl;
    if (auto code = attach_patiently(system, parsed, current)) return *code;
  }
}

int attach(attach_options& options) {
  try {
    options.parsed.node = parse_host_port(options.connect, /*host_required=*/true);
    complete_request(options);
  } catch (const config_error& e) {
    std::cerr << "amb attach: " << e.what() << "\n";
    return 2;
  }
  const auto& parsed = options.parsed;
  const auto where = parsed.node.host + ":" + std::to_string(parsed.node.port);
  if (parsed.network.certs_dir.empty() && !is_loopback(parsed.node.host))
    std::cerr << "amb attach: warning: no --certs: the connection to " << where
              << " is neither encrypted nor authenticated\n";
  caf::actor_system_config cfg;
  register_types(cfg);
  configure_network(cfg, parsed.network);
  // The process ends without the actor system's orderly shutdown: everything of value lives in
  // the node's servers, and CAF 0.17.6's shutdown was seen (3 in 12 test runs, after the node
  // ended the run) to wait forever for a detached thread. gdb shows that thread in
  // private_thread::await_self_destroyed: its actor has terminated, but a strong reference to it
  // is never released: probably one kept for the node, which has closed the connection.
  auto* system = new caf::actor_system{cfg};
  const int code = serve_node(*system, parsed);
  std::cout.flush();
  std::cerr.flush();
  std::_Exit(code);
}

}  // namespace

void add_attach_command(command_table& table) {
  auto* command = add_command(table.amb, "attach",
                              "Start workers here that join the run of amb node at HOST:PORT; "
                              "re-attach when that node comes back after a loss",
                              attach_details);
  auto options = std::make_shared<attach_options>();
  auto& request = options->parsed.request;
  command
      ->add_option("CONFIG", options->config_path,
                   "the run configuration this attach expects (default: the node's)")
      ->type_name("CONFIG.json");
  command->add_option("--connect", options->connect, "the node's --listen address")
      ->type_name("HOST:PORT")
      ->required()
      ->check(accepted_by(
          [](const std::string& text) { parse_host_port(text, /*host_required=*/true); }));
  command
      ->add_option("--role", request.role,
                   "collector, model (the model learner), policy (the policy learner) or "
                   "evaluator")
      ->type_name("R")
      ->required()
      ->check(CLI::IsMember({"collector", "model", "policy", "evaluator"}));
  command
      ->add_option("--count", request.count,
                   "how many collectors (default 1; other roles take exactly 1)")
      ->type_name("N")
      ->check(within(1, 256, /*whole=*/true));
  command
      ->add_option("--set", options->sets, "override one key of CONFIG, as for amb run; repeatable")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  command
      ->add_option("--give-up", options->parsed.give_up_seconds,
                   "stop re-attaching after S seconds without the node (default 300)")
      ->type_name("S")
      ->check(within(0, 7 * 24 * 3600));
  add_network_options(command, options->parsed.network);
  command->callback([options] {
    if (options->parsed.request.role != "collector" && options->parsed.request.count != 1)
      throw CLI::ValidationError("--count", "only collectors come more than one per attach");
  });
  table.add(command, [options] { return attach(*options); });
}

}  // namespace amb::apps
