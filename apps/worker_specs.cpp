#include "apps/worker_specs.hpp"

#include <caf/all.hpp>
#include <map>
#include <stdexcept>

#include "actors/collector.hpp"
#include "actors/evaluator.hpp"
#include "actors/learner_actor.hpp"
#include "apps/learner_configs.hpp"

namespace amb::apps {

namespace {

using actors::child_spec;
using actors::restart_type;

// What a collector or the evaluator acts with: the algorithm's acting policy.
std::function<std::unique_ptr<learners::acting_policy>()> acting_policy_of(
    const run_config& config, learners::acting_mode mode) {
  const auto* algorithm = &algorithm_of(config);  // the registry's, alive for the process
  return [algorithm, context = learner_context_of(config), mode] {
    return algorithm->make_acting_policy(context, mode);
  };
}

void add_collectors(std::vector<child_spec>& specs, caf::actor_system& system,
                    const run_config& config, const worker_placement& placement,
                    const run_servers& servers) {
  const auto make_policy = acting_policy_of(config, learners::acting_mode::explore);
  for (int i = 0; i < placement.collectors; ++i) {
    const int index = placement.first_collector + i;
    actors::collector_config cc;
    cc.name = "collector-" + std::to_string(index) + placement.name_suffix;
    cc.env = config.env.name;
    cc.env_options = env_options_of(config);
    cc.make_policy = make_policy;
    // Each collector instance has its own random streams: per collector index, per resume of
    // the run and per restart (episode seeds are seed + episode index, so these never overlap
    // for fewer than 2^32 episodes, 256 collectors, 4096 restarts and 4096 resumes).
    cc.seed = config.seed * 1000003 + (static_cast<uint64_t>(index) << 32) +
              (static_cast<uint64_t>(placement.generation) << 52);
    cc.request_timeout = std::chrono::duration<double>(config.runtime.request_timeout_seconds);
    cc.gated = config.sequential.enabled;
    cc.fault = fault_for(config, "collector");
    auto instance = std::make_shared<uint64_t>(0);
    specs.push_back({cc.name, "collector", restart_type::permanent, [=, &system]() mutable {
                       auto seeded = cc;
                       seeded.seed += (*instance)++ << 40;
                       return caf::actor{system.spawn<caf::detached>(
                           actors::collector, seeded, servers.buffer, servers.parameter("policy"),
                           servers.metrics)};
                     }});
  }
}

void add_learners(std::vector<child_spec>& specs, caf::actor_system& system,
                  const run_config& config, const worker_placement& placement,
                  const run_servers& servers) {
  for (const auto& slot : learner_slots_of(config)) {
    const auto role = learner_role_of(slot);
    if (!(role == "model_learner" ? placement.model_learner : placement.policy_learner)) continue;
    auto lc = learner_actor_config_of(config, slot);
    lc.name += placement.name_suffix;
    specs.push_back({lc.name, role, restart_type::permanent, [=, &system] {
                       return caf::actor{
                           system.spawn<caf::detached>(actors::learner_actor, lc, servers.buffer,
                                                       servers.parameters, servers.metrics)};
                     }});
  }
}

void add_evaluator(std::vector<child_spec>& specs, caf::actor_system& system,
                   const run_config& config, const worker_placement& placement,
                   const run_servers& servers) {
  if (!placement.evaluator || config.evaluation.interval_seconds <= 0) return;
  actors::evaluator_config ec;
  ec.name += placement.name_suffix;
  ec.env = config.env.name;
  ec.horizon = config.env.horizon;
  ec.make_policy = acting_policy_of(config, learners::acting_mode::evaluate);
  ec.episodes = config.evaluation.episodes;
  ec.other_policies = config.evaluation.other_policies;
  ec.writes_run_table = placement.name_suffix.empty();  // not an evaluator of an attached node
  ec.seed = evaluator_seed(config);
  ec.interval = std::chrono::duration<double>(config.evaluation.interval_seconds);
  ec.request_timeout = std::chrono::duration<double>(config.runtime.request_timeout_seconds);
  specs.push_back({ec.name, "evaluator", restart_type::permanent, [=, &system] {
                     return caf::actor{system.spawn<caf::detached>(
                         actors::evaluator, ec, servers.buffer, servers.parameter("policy"),
                         servers.coordinator, servers.metrics)};
                   }});
}

}  // namespace

const messages::param_server_actor& run_servers::parameter(const std::string& name) const {
  const auto it = parameters.find(name);
  if (it == parameters.end()) throw std::runtime_error("the run has no '" + name + "' server");
  return it->second;
}

std::vector<std::pair<std::string, caf::actor>> run_servers::by_name() const {
  std::vector<std::pair<std::string, caf::actor>> all = {
      {"data_buffer", caf::actor_cast<caf::actor>(buffer)},
      {"coordinator", caf::actor_cast<caf::actor>(coordinator)},
      {"metrics", caf::actor_cast<caf::actor>(metrics)},
      {"events", caf::actor_cast<caf::actor>(events)}};
  for (const auto& [name, server] : parameters)
    all.emplace_back(name, caf::actor_cast<caf::actor>(server));
  return all;
}

run_servers run_servers::from_names(const std::vector<std::string>& names,
                                    const std::vector<caf::actor>& handles) {
  if (names.size() != handles.size())
    throw std::runtime_error("the node named " + std::to_string(names.size()) +
                             " servers and sent " + std::to_string(handles.size()));
  std::map<std::string, caf::actor> named;
  for (size_t i = 0; i < names.size(); ++i) named[names[i]] = handles[i];
  auto take = [&](const std::string& name) {
    const auto it = named.find(name);
    if (it == named.end()) throw std::runtime_error("the node sent no '" + name + "' server");
    auto handle = it->second;
    named.erase(it);
    return handle;
  };
  run_servers servers;
  servers.buffer = caf::actor_cast<messages::data_buffer_actor>(take("data_buffer"));
  servers.coordinator = caf::actor_cast<messages::coordinator_actor>(take("coordinator"));
  servers.metrics = caf::actor_cast<messages::metrics_sink_actor>(take("metrics"));
  servers.events = caf::actor_cast<messages::event_log_actor>(take("events"));
  // The rest are parameter servers; one to act with is a must.
  if (named.count("policy") == 0) throw std::runtime_error("the node sent no 'policy' server");
  for (const auto& [name, handle] : named)
    servers.parameters[name] = caf::actor_cast<messages::param_server_actor>(handle);
  return servers;
}

bool has_policy_learner(const run_config& config) {
  return algorithm_of(config).policy_learner.has_value();
}

bool has_model_learner(const run_config& config) {
  return algorithm_of(config).model_learner.has_value();
}

std::vector<child_spec> worker_specs(caf::actor_system& system, const run_config& config,
                                     const worker_placement& placement,
                                     const run_servers& servers) {
  std::vector<child_spec> specs;
  add_collectors(specs, system, config, placement, servers);
  add_learners(specs, system, config, placement, servers);
  add_evaluator(specs, system, config, placement, servers);
  return specs;
}

actors::supervisor_config supervision_of(const run_config& config,
                                         std::vector<child_spec> children) {
  using seconds = std::chrono::duration<double>;
  const auto& s = config.supervision;
  actors::supervisor_config supervision{
      actors::restart_strategy::one_for_one,
      {s.max_restarts, seconds(s.within_seconds), seconds(s.backoff_initial_seconds),
       seconds(s.backoff_max_seconds)},
      std::move(children)};
  supervision.stall_timeout = seconds(s.stall_seconds);
  return supervision;
}

uint64_t evaluator_seed(const run_config& config) {
  return config.seed * 1000003 + 99991;
}

}  // namespace amb::apps
