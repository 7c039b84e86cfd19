#include "apps/learner_configs.hpp"

namespace amb::apps {

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
  return pc;
}

}  // namespace amb::apps
