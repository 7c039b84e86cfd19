// amb node: a run like amb run whose servers other nodes attach workers to (amb attach).
#include <algorithm>
#include <caf/all.hpp>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "actors/node_gateway.hpp"
#include "apps/cluster_network.hpp"
#include "apps/commands.hpp"
#include "apps/config_document.hpp"
#include "apps/run_launch.hpp"
#include "messages/registration.hpp"

namespace amb::apps {

namespace {

constexpr const char* node_usage =
    R"(usage: amb node [CONFIG.json] --listen [HOST:]PORT [--local ROLES] [--out DIR]
                [--set key=value ...] [network options]
       amb node --resume DIR --listen [HOST:]PORT [--local ROLES] [network options]

Runs the actor graph of CONFIG (amb run's default job when none is given) like amb run (the
same budget, run folder, progress line,
checkpoints and --resume) and publishes its servers on PORT, so that workers on other hosts
join the run with amb attach. Peers joining, refused, leaving and lost are events in
DIR/events.jsonl and lines on the console; losing one never stops the run. A node left without any worker waits for
peers until its budget ends the run.

Options:
  --listen [HOST:]PORT  where attaching nodes connect; PORT alone listens on every interface,
                     PORT 0 on any free port (the one bound is printed). Without --certs only
                     a loopback HOST is allowed, unless --insecure
  --local ROLES      the workers this node runs itself, comma separated from collector,
                     model, policy, evaluator; or none (default: all of them, with
                     collectors.count collectors)
  --out, --set, --record, --inject, --resume: as for amb run (see amb run --help); the run
                     folder also keeps this node's --local and network options (node.json),
                     which --resume takes unless they are given again
%s  -h, --help         this text

It prints, before the progress line:
  [amb node] listening on HOST:PORT (TLS|no TLS), run config hash HASH
)";

struct node_arguments {
  host_port listen;
  bool listening = false;
  network_options network;
  worker_placement local;
  bool local_collectors = true;
  std::string local_roles = "collector,model,policy,evaluator";  // as --local gave them
  std::vector<std::string> run_args;                             // for launch_run
  // Which of the options a resume takes from the run folder were given on the command line.
  bool local_given = false, certs_given = false, insecure_given = false, timeout_given = false;
};

// DIR/node.json: the options of the node that started the run, which a resume keeps unless
// they are given again (a resumed node must not run workers, or drop TLS, the run never had).
constexpr const char* node_options_file = "node.json";

nlohmann::json options_of(const node_arguments& node) {
  return {{"local", node.local_roles},
          {"certs", node.network.certs_dir},
          {"insecure", node.network.insecure},
          {"peer_timeout_seconds", node.network.peer_timeout_seconds}};
}

void parse_local_roles(const std::string& text, node_arguments& parsed) {
  parsed.local_roles = text;
  parsed.local_collectors = false;
  parsed.local = {};
  if (text == "none") return;
  std::stringstream list(text);
  for (std::string role; std::getline(list, role, ',');) {
    if (role == "collector")
      parsed.local_collectors = true;
    else if (role == "model")
      parsed.local.model_learner = true;
    else if (role == "policy")
      parsed.local.policy_learner = true;
    else if (role == "evaluator")
      parsed.local.evaluator = true;
    else
      throw config_error("--local " + text + ": unknown role '" + role +
                         "'; valid: collector, model, policy, evaluator, or none");
  }
}

node_arguments parse_node_arguments(const std::vector<std::string>& args) {
  node_arguments parsed;
  parsed.local.model_learner = parsed.local.policy_learner = parsed.local.evaluator = true;
  for (size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw config_error(arg + ": missing value");
      return args[++i];
    };
    if (arg == "--listen") {
      parsed.listen = parse_host_port(value(), "--listen", /*host_required=*/false);
      parsed.listening = true;
    } else if (arg == "--local") {
      parse_local_roles(value(), parsed);
      parsed.local_given = true;
    } else if (take_network_option(args, i, parsed.network)) {
      parsed.certs_given |= arg == "--certs";
      parsed.insecure_given |= arg == "--insecure";
      parsed.timeout_given |= arg == "--peer-timeout";
    } else {
      parsed.run_args.push_back(arg);
    }
  }
  if (!parsed.listening) throw config_error("--listen [HOST:]PORT is required");
  return parsed;
}

// A resumed node takes the options it started the run with (DIR/node.json) unless given again.
void take_saved_options(node_arguments& node) {
  const auto& args = node.run_args;
  const auto resume = std::find(args.begin(), args.end(), "--resume");
  if (resume == args.end() || resume + 1 == args.end()) return;
  const auto path = std::filesystem::path(*(resume + 1)) / node_options_file;
  if (!std::filesystem::exists(path)) return;  // a folder of amb run, or of an older node
  const auto saved = read_json_file(path.string());
  try {
    if (!node.local_given) parse_local_roles(saved.at("local").get<std::string>(), node);
    if (!node.certs_given && !saved.at("certs").get<std::string>().empty()) {
      const std::vector<std::string> certs{"--certs", saved.at("certs").get<std::string>()};
      size_t at = 0;
      take_network_option(certs, at, node.network);
    }
    if (!node.insecure_given) node.network.insecure = saved.at("insecure").get<bool>();
    if (!node.timeout_given)
      node.network.peer_timeout_seconds = saved.at("peer_timeout_seconds").get<double>();
  } catch (const nlohmann::json::exception& e) {
    throw config_error(path.string() + ": not the options of a node: " + e.what());
  }
}

void check_listen_address(const node_arguments& parsed) {
  const auto& host = parsed.listen.host;
  if (!is_loopback(host) && parsed.network.certs_dir.empty() && !parsed.network.insecure)
    throw config_error("--listen " + (host.empty() ? "*" : host) + ":" +
                       std::to_string(parsed.listen.port) +
                       ": refusing a non-loopback address without certificates, since anyone "
                       "who reaches it could join the run. Give --certs DIR (see amb certs), "
                       "listen on 127.0.0.1, or accept the risk with --insecure");
}

// The gateway, spawned and published once the servers are up.
caf::actor open_gateway(const run_servers& servers, const run_config& config,
                        const node_arguments& node, int local_collectors, uint32_t generation,
                        double elapsed_before) {
  auto& system = servers.buffer->home_system();
  actors::node_gateway_config gc;
  gc.identity.types = messages::type_registry();
  gc.identity.config = to_json(config);
  gc.identity.has_model_learner = has_model_learner(config);
  gc.identity.has_policy_learner = has_policy_learner(config);
  gc.identity.evaluates = config.evaluation.interval_seconds > 0;
  for (const auto& [name, server] : servers.by_name()) {
    gc.server_names.push_back(name);
    gc.servers.push_back(server);
  }
  gc.next_collector = local_collectors;
  gc.generation = generation;
  gc.elapsed_before = elapsed_before;
  auto gateway =
      caf::actor_cast<caf::actor>(system.spawn(actors::node_gateway, gc, servers.events));
  const auto port = publish_on(system, gateway, node.listen, node.network);
  const auto shown = node.listen.host.empty() ? std::string("*") : node.listen.host;
  std::cout << "[amb node] listening on " << shown << ":" << port
            << (node.network.certs_dir.empty() ? " (no TLS)" : " (TLS)") << ", run config hash "
            << actors::config_hash(gc.identity.config) << std::endl;
  return gateway;
}

}  // namespace

int node_command(const std::vector<std::string>& args) {
  for (const auto& arg : args)
    if (arg == "--help" || arg == "-h") {
      std::printf(node_usage, network_options_help);
      return 0;
    }
  node_arguments node;
  try {
    node = parse_node_arguments(args);
    take_saved_options(node);
    check_listen_address(node);
  } catch (const config_error& e) {
    std::cerr << "amb node: " << e.what() << "\n";
    return 2;
  }
  if (node.network.certs_dir.empty() && !is_loopback(node.listen.host))
    std::cerr << "amb node: warning: --insecure: nobody who connects is authenticated and "
                 "nothing is encrypted\n";
  run_launch launch;
  launch.command = "node";
  launch.configure = [&](caf::actor_system_config& cfg) { configure_network(cfg, node.network); };
  launch.prepared = [&](const std::string& out_dir) {
    write_json((std::filesystem::path(out_dir) / node_options_file).string(), options_of(node));
  };
  launch.plan = [&](const run_config& config, uint32_t generation) {
    node_plan plan;
    plan.local = node.local;
    plan.local.collectors = node.local_collectors ? config.collectors.count : 0;
    plan.wait_for_peers = true;
    plan.open = [&, config, generation, collectors = plan.local.collectors](
                    const run_servers& servers, double elapsed_before) {
      return open_gateway(servers, config, node, collectors, generation, elapsed_before);
    };
    return plan;
  };
  return launch_run(node.run_args, launch);
}

}  // namespace amb::apps
