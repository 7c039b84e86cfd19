#include "apps/learner_configs.hpp"

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
  return {config.env.name, info, config.algorithm_settings, config.seed};
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

actors::data_buffer_config data_buffer_config_of(const run_config& config,
                                                 const envs::env_info& info) {
  return {static_cast<uint32_t>(info.obs_dim), static_cast<uint32_t>(info.act_dim),
          config.buffer.capacity_steps, config.buffer.max_pull};
}

}  // namespace amb::apps
