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

constexpr const char* node_details =
    R"(Runs the actor graph of CONFIG (amb run's default job when none is given) like amb run (the
same budget, run folder, progress line, checkpoints and --resume; see amb run --help) and
publishes its servers on PORT, so that workers on other hosts join the run with amb attach.
Peers joining, refused, leaving and lost are events in DIR/events.jsonl and lines on the
console; losing one never stops the run. A node left without any worker waits for peers until
its budget ends the run. The run folder also keeps this node's --local and network options
(node.json), which --resume takes unless they are given again.

It prints, before the progress line:
  [amb node] listening on HOST:PORT (TLS|no TLS), run config hash HASH)";

struct node_arguments {
  host_port listen;
  bool listening = false;
  network_options network;
  worker_placement local;
  bool local_collectors = true;
  std::string local_roles = "collector,model,policy,evaluator";  // as --local gave them
  run_arguments run;
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
      throw config_error("'" + text + "': unknown role '" + role +
                         "'; valid: collector, model, policy, evaluator, or none");
  }
}

// A resumed node takes the options it started the run with (DIR/node.json) unless given again.
void take_saved_options(node_arguments& node) {
  if (node.run.resume_dir.empty()) return;
  const auto path = std::filesystem::path(node.run.resume_dir) / node_options_file;
  if (!std::filesystem::exists(path)) return;  // a folder of amb run, or of an older node
  const auto saved = read_json_file(path.string());
  try {
    if (!node.local_given) parse_local_roles(saved.at("local").get<std::string>(), node);
    if (!node.certs_given) node.network.certs_dir = saved.at("certs").get<std::string>();
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

int run_node(node_arguments& node) {
  try {
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
  return launch_run(node.run, launch);
}

}  // namespace

void add_node_command(command_table& table) {
  auto* command = add_command(table.amb, "node",
                              "Run like amb run and publish the run's servers on PORT for "
                              "workers of other hosts (amb attach)",
                              node_details);
  auto node = std::make_shared<node_arguments>();
  node->local.model_learner = node->local.policy_learner = node->local.evaluator = true;
  add_run_options(command, node->run);
  auto listen = std::make_shared<std::string>();
  command
      ->add_option("--listen", *listen,
                   "where attaching nodes connect; PORT alone listens on every interface, PORT "
                   "0 on any free port (the one bound is printed). Without --certs only a "
                   "loopback HOST is allowed, unless --insecure")
      ->type_name("[HOST:]PORT")
      ->required()
      ->check(accepted_by(
          [](const std::string& text) { parse_host_port(text, /*host_required=*/false); }));
  auto local = std::make_shared<std::string>();
  command
      ->add_option("--local", *local,
                   "the workers this node runs itself, comma separated from collector, model, "
                   "policy, evaluator; or none (default: all of them, with collectors.count "
                   "collectors)")
      ->type_name("ROLES")
      ->check(accepted_by([](const std::string& text) {
        node_arguments ignored;
        parse_local_roles(text, ignored);
      }));
  add_network_options(command, node->network);
  table.add(command, [command, node, listen, local] {
    node->listen = parse_host_port(*listen, /*host_required=*/false);
    node->local_given = command->count("--local") > 0;
    if (node->local_given) parse_local_roles(*local, *node);
    node->certs_given = command->count("--certs") > 0;
    node->insecure_given = command->count("--insecure") > 0;
    node->timeout_given = command->count("--peer-timeout") > 0;
    return run_node(*node);
  });
}

}  // namespace amb::apps
