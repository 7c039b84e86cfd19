#pragma once

#include "actors/model_learner.hpp"
#include "actors/policy_learner.hpp"
#include "actors/trajectory_log.hpp"
#include "apps/run_config.hpp"
#include "envs/env_options.hpp"
#include "envs/environment.hpp"

namespace amb::apps {

// The learners' configurations derive from the run's: a run and the replay of its message log
// (amb replay --verify) build the same learner from the same recorded run configuration.

actors::model_learner_config model_learner_config_of(const run_config& config,
                                                     const envs::env_info& info);

actors::policy_learner_config policy_learner_config_of(const run_config& config);

/// The fault the configuration injects into `worker` (none when it names none; the last one
/// wins).
actors::fault_plan fault_for(const run_config& config, const std::string& worker);

/// The environment options of the run's collectors.
envs::env_options env_options_of(const run_config& config);

/// The data buffer's, for the task's dimensions.
actors::data_buffer_config data_buffer_config_of(const run_config& config,
                                                 const envs::env_info& info);

}  // namespace amb::apps
