#pragma once

#include <caf/stateful_actor.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "envs/env_options.hpp"
#include "envs/environment.hpp"
#include "learners/acting_policy.hpp"
#include "messages/interfaces.hpp"

namespace amb::actors {

struct evaluator_config {
  std::string name = "evaluator";
  std::string env = "half_cheetah";
  int horizon = 0;  // 0: the task's default
  // What it scores: the algorithm's acting policy, evaluating (learners/registry.hpp).
  std::function<std::unique_ptr<learners::acting_policy>()> make_policy;
  int episodes = 1;            // episodes per evaluation
  bool other_policies = true;  // also score the acting policy's policies after its first
  // Also a row of progress.csv per evaluation, with the run's counters (the run's own
  // evaluator, not one attached from another host).
  bool writes_run_table = false;
  uint64_t seed = 0;  // episode e of every evaluation is reset with seed + e
  std::chrono::duration<double> interval{10.0};
  std::chrono::duration<double> request_timeout{10.0};
};

struct evaluator_state {
  std::unique_ptr<envs::environment> env;
  std::unique_ptr<learners::acting_policy> policy;
  uint64_t version = 0;  // of the θ last evaluated
  static inline const char* name = "evaluator";
};

/// The Evaluator (shared/DESIGN.md): at a fixed interval pulls θ and, when it changed, scores it
/// with the acting policy in evaluation mode (a Gaussian's mean action) on its own unpaced copy of
/// the task, apart from collection, with the same start states every time (actors/episode_returns).
/// Reports a progress row (eval_return, the mean over its episodes, their std, min and max,
/// policy_version, env_steps at that moment) and the mean to the coordinator; when the acting
/// policy holds more than one (MB-MPO: the meta-policy, then each member's adapted one; MAAC: the
/// policy, then its planner) it scores the first so, and the others' mean return as
/// eval_return_<their label> (eval_return_adapted, eval_return_mpc) unless other_policies is
/// off; with
/// writes_run_table also the row of progress.csv, with the coordinator's counters.
caf::behavior evaluator(caf::stateful_actor<evaluator_state>* self, evaluator_config config,
                        messages::data_buffer_actor buffer,
                        messages::param_server_actor policy_server,
                        messages::coordinator_actor coordinator,
                        messages::metrics_sink_actor metrics);

}  // namespace amb::actors
