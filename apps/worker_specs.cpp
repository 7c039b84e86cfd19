#include "apps/worker_specs.hpp"

#include <caf/all.hpp>

#include "actors/collector.hpp"
#include "actors/evaluator.hpp"
#include "actors/model_learner.hpp"
#include "actors/policy_learner.hpp"
#include "apps/learner_configs.hpp"
#include "envs/registry.hpp"

namespace amb::apps {

namespace {

using actors::child_spec;
using actors::restart_type;

// Each collector instance has its own random streams: per collector index, per resume of the
// run and per restart (episode seeds are seed + episode index, so these never overlap for fewer
// than 2^32 episodes, 256 collectors, 4096 restarts and 4096 resumes).
void add_collectors(std::vector<child_spec>& specs, caf::actor_system& system,
                    const run_config& config, const worker_placement& placement,
                    const run_servers& servers) {
  for (int i = 0; i < placement.collectors; ++i) {
    const int index = placement.first_collector + i;
    actors::collector_config cc;
    cc.name = "collector-" + std::to_string(index) + placement.name_suffix;
    cc.env = config.env.name;
    cc.env_options = env_options_of(config);
    cc.policy = config.policy;
    cc.seed = config.seed * 1000003 + (static_cast<uint64_t>(index) << 32) +
              (static_cast<uint64_t>(placement.generation) << 52);
    cc.request_timeout = std::chrono::duration<double>(config.runtime.request_timeout_seconds);
    cc.gated = config.sequential.enabled;
    cc.fault = fault_for(config, "collector");
    auto instance = std::make_shared<uint64_t>(0);
    specs.push_back({cc.name, "collector", restart_type::permanent, [=, &system]() mutable {
                       auto seeded = cc;
                       seeded.seed += (*instance)++ << 40;
                       return caf::actor{system.spawn<caf::detached>(actors::collector, seeded,
                                                                     servers.buffer, servers.policy,
                                                                     servers.metrics)};
                     }});
  }
}

void add_learners(std::vector<child_spec>& specs, caf::actor_system& system,
                  const run_config& config, const worker_placement& placement,
                  const run_servers& servers) {
  if (placement.model_learner && has_model_learner(config)) {
    const auto info = envs::make_env(config.env.name, env_options_of(config))->info();
    auto mc = model_learner_config_of(config, info);
    mc.name += placement.name_suffix;
    specs.push_back({mc.name, "model_learner", restart_type::permanent, [=, &system] {
                       return system.spawn<caf::detached>(actors::model_learner, mc, servers.buffer,
                                                          servers.model, servers.metrics);
                     }});
  }
  if (placement.policy_learner && has_policy_learner(config)) {
    auto pc = policy_learner_config_of(config);
    pc.name += placement.name_suffix;
    specs.push_back({pc.name, "policy_learner", restart_type::permanent, [=, &system] {
                       return system.spawn<caf::detached>(actors::policy_learner, pc,
                                                          servers.buffer, servers.policy,
                                                          servers.model, servers.metrics);
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
  ec.policy = config.policy;
  ec.episodes = config.evaluation.episodes;
  ec.seed = config.seed * 1000003 + 99991;  // its own start states, apart from collection
  ec.interval = std::chrono::duration<double>(config.evaluation.interval_seconds);
  ec.request_timeout = std::chrono::duration<double>(config.runtime.request_timeout_seconds);
  specs.push_back({ec.name, "evaluator", restart_type::permanent, [=, &system] {
                     return caf::actor{system.spawn<caf::detached>(
                         actors::evaluator, ec, servers.buffer, servers.policy, servers.coordinator,
                         servers.metrics)};
                   }});
}

}  // namespace

bool has_policy_learner(const run_config& config) {
  return config.algorithm != "random";
}

bool has_model_learner(const run_config& config) {
  return config.policy_learner.model_based;
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

}  // namespace amb::apps
