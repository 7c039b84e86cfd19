#include "apps/learner_configs.hpp"

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

actors::model_learner_config model_learner_config_of(const run_config& config,
                                                     const envs::env_info& info) {
  actors::model_learner_config mc;
  mc.obs_dim = info.obs_dim;
  mc.act_dim = info.act_dim;
  mc.ensemble = config.model;
  mc.seed = config.seed * 1000003 + 17;
  mc.pull_max = config.buffer.max_pull;
  mc.request_timeout = std::chrono::duration<double>(config.runtime.request_timeout_seconds);
  mc.gated = config.sequential.enabled;
  mc.torch_threads = config.runtime.torch_threads;
  mc.fault = fault_for(config, mc.name);
  return mc;
}

actors::policy_learner_config policy_learner_config_of(const run_config& config) {
  actors::policy_learner_config pc;
  pc.env = config.env.name;
  pc.policy = config.policy;
  pc.model = config.model;
  pc.improver = config.policy_learner;
  pc.paths_per_step = config.paths_per_step;
  pc.seed = config.seed;  // the same seed as θ v1: the learner continues that policy
  pc.pull_max = config.buffer.max_pull;
  pc.request_timeout = std::chrono::duration<double>(config.runtime.request_timeout_seconds);
  pc.gated = config.sequential.enabled;
  pc.torch_threads = config.runtime.torch_threads;
  pc.fault = fault_for(config, pc.name);
  return pc;
}

actors::data_buffer_config data_buffer_config_of(const run_config& config,
                                                 const envs::env_info& info) {
  return {static_cast<uint32_t>(info.obs_dim), static_cast<uint32_t>(info.act_dim),
          config.buffer.capacity_steps, config.buffer.max_pull};
}

}  // namespace amb::apps
