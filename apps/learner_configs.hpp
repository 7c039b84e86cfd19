#pragma once

#include <string>

#include "actors/fault_injection.hpp"
#include "actors/learner_actor.hpp"
#include "actors/trajectory_log.hpp"
#include "apps/run_config.hpp"
#include "apps/run_state.hpp"
#include "envs/env_options.hpp"
#include "envs/environment.hpp"
#include "learners/algorithm.hpp"

namespace amb::apps {

// The workers' configurations derive from the run's: a run and the replay of its message log
// (amb replay --verify) build the same learner from the same recorded run configuration.

/// The algorithm the run configures (learners/registry.hpp).
const learners::algorithm& algorithm_of(const run_config& config);

/// What the algorithm's learners and acting policies are built from.
learners::learner_context learner_context_of(const run_config& config);

/// The role of the worker that runs `slot`, named after what it produces ("model_learner",
/// "policy_learner"): its name on the node that runs the graph, its cursor's and progress
/// file's, and the stem of its state server's.
std::string learner_role_of(const learners::learner_slot& slot);

/// The worker that runs `slot`, named after its role.
actors::learner_actor_config learner_actor_config_of(const run_config& config,
                                                     const learners::learner_slot& slot);

/// The slots of the run's learners, model learner first; none for an algorithm without.
std::vector<learners::learner_slot> learner_slots_of(const run_config& config);

/// The servers that keep the run's learners' states ("policy_learner.state", ...).
std::vector<std::string> learner_state_servers(const run_config& config);

/// The parameter servers a run of `config` has, by name: those whose exchanges a message log
/// records ("policy", which collectors act with, then every other server a learner produces or
/// reads: "model", or any an algorithm adds), then the learners' state servers (not recorded: a
/// replayed learner starts without its state).
std::vector<std::string> recorded_parameter_servers(const run_config& config);
std::vector<std::string> parameter_server_names(const run_config& config);

/// The name a message log gives the parameter server `server`: "policy_server".
std::string recorded_name_of(const std::string& server);

/// The fault the configuration injects into `worker` (none when it names none; the last one
/// wins).
actors::fault_plan fault_for(const run_config& config, const std::string& worker);

/// What the run folder of `config` holds (apps/run_state.hpp).
run_expectation expectation_of(const run_config& config);

/// The environment options of the run's collectors.
envs::env_options env_options_of(const run_config& config);

/// The data buffer's, for the task's dimensions.
actors::data_buffer_config data_buffer_config_of(const run_config& config,
                                                 const envs::env_info& info);

}  // namespace amb::apps
