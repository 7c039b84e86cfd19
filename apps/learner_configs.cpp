#include "apps/learner_configs.hpp"

#include <algorithm>

#include "envs/registry.hpp"
#include "learners/registry.hpp"

namespace amb::apps {

envs::env_options env_options_of(const run_config& config) {
  return {config.env.horizon, config.env.pace_seconds, config.env.robot};
}

actors::fault_plan fault_for(const run_config& config, const std::string& worker) {
  actors::fault_plan plan;
  for (const auto& text : config.faults) {
    const auto spec = actors::parse_fault(text);
    if (spec.worker == worker) plan = spec.plan;
  }
  return plan;
}

const learners::algorithm& algorithm_of(const run_config& config) {
  return learners::find_algorithm(config.algorithm);
}

learners::learner_context learner_context_of(const run_config& config) {
  // The task as the learners see it: with the run's horizon, unpaced, never behind a robot link.
  const auto info = envs::make_env(config.env.name, {config.env.horizon, 0, ""})->info();
  return {config.algorithm, config.env.name, info, config.algorithm_settings, config.seed};
}

std::string learner_role_of(const learners::learner_slot& slot) {
  return slot.produces + "_learner";
}

actors::learner_actor_config learner_actor_config_of(const run_config& config,
                                                     const learners::learner_slot& slot) {
  actors::learner_actor_config lc;
  lc.name = learner_role_of(slot);
  lc.state_server = actors::state_server_of(lc.name);
  lc.slot = slot;
  lc.context = learner_context_of(config);
  lc.pull_max = config.buffer.max_pull;
  lc.request_timeout = std::chrono::duration<double>(config.runtime.request_timeout_seconds);
  lc.gated = config.sequential.enabled;
  lc.torch_threads = config.runtime.torch_threads;
  lc.fault = fault_for(config, lc.name);
  return lc;
}

std::vector<learners::learner_slot> learner_slots_of(const run_config& config) {
  const auto& algorithm = algorithm_of(config);
  std::vector<learners::learner_slot> slots;
  for (const auto& slot : {algorithm.model_learner, algorithm.policy_learner})
    if (slot) slots.push_back(*slot);
  return slots;
}

std::vector<std::string> learner_state_servers(const run_config& config) {
  std::vector<std::string> names;
  for (const auto& slot : learner_slots_of(config))
    names.push_back(actors::state_server_of(learner_role_of(slot)));
  return names;
}

std::vector<std::string> recorded_parameter_servers(const run_config& config) {
  std::vector<std::string> names = {"policy"};
  auto add = [&](const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  };
  for (const auto& slot : learner_slots_of(config)) {
    add(slot.produces);
    for (const auto& read : slot.reads) add(read);
  }
  return names;
}

std::vector<std::string> parameter_server_names(const run_config& config) {
  auto names = recorded_parameter_servers(config);
  for (const auto& name : learner_state_servers(config)) names.push_back(name);
  return names;
}

std::string recorded_name_of(const std::string& server) {
  return server + "_server";
}

run_expectation expectation_of(const run_config& config) {
  const auto info = envs::make_env(config.env.name, {config.env.horizon, 0, ""})->info();
  return {to_json(config), config.algorithm, parameter_server_names(config),
          data_buffer_config_of(config, info)};
}

actors::data_buffer_config data_buffer_config_of(const run_config& config,
                                                 const envs::env_info& info) {
  return {static_cast<uint32_t>(info.obs_dim), static_cast<uint32_t>(info.act_dim),
          config.buffer.capacity_steps, config.buffer.max_pull,
          static_cast<uint32_t>(config.env.horizon)};
}

}  // namespace amb::apps
