#pragma once

#include <caf/fwd.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "actors/learner_actor.hpp"
#include "actors/supervisor.hpp"
#include "apps/run_config.hpp"
#include "envs/environment.hpp"
#include "messages/interfaces.hpp"

namespace amb::apps {

/// The servers a run's workers work against: local actors on the node that runs the graph,
/// proxies of them on a node attached to it (amb attach). The workers cannot tell which.
struct run_servers {
  messages::data_buffer_actor buffer;
  messages::coordinator_actor coordinator;
  messages::metrics_sink_actor metrics;
  messages::event_log_actor events;
  // The parameter servers by name (parameter_server_names): "policy", "model", any an
  // algorithm adds, and the learners' state servers ("policy_learner.state").
  actors::parameter_servers parameters = {};

  /// The parameter server `name`; throws std::runtime_error when the run has none of that name.
  const messages::param_server_actor& parameter(const std::string& name) const;

  /// Every server with its name, as the node's handshake hands them to attached workers.
  std::vector<std::pair<std::string, caf::actor>> by_name() const;
  /// The servers of a handshake's names and handles; throws std::runtime_error naming a server
  /// that is missing or a count that differs.
  static run_servers from_names(const std::vector<std::string>& names,
                                const std::vector<caf::actor>& handles);
};

/// Which workers of a run one node starts.
struct worker_placement {
  int first_collector = 0;  // collector i has index first_collector + i: its name and seeds
  int collectors = 0;
  bool model_learner = false;   // when the algorithm has one
  bool policy_learner = false;  // when the algorithm has one
  bool evaluator = false;
  uint32_t generation = 0;  // how often the run was resumed: every resume has its own seeds
  std::string name_suffix;  // after each worker's name: "" on the node, "@peer2" on a peer
};

/// Whether the configured algorithm has a policy learner and a model learner
/// (learners/registry.hpp).
bool has_policy_learner(const run_config& config);
bool has_model_learner(const run_config& config);

/// The workers of `placement` as a supervisor's children, in start order: collectors, then
/// the learners of the configured algorithm (if it has any), then the evaluator.
std::vector<actors::child_spec> worker_specs(caf::actor_system& system, const run_config& config,
                                             const worker_placement& placement,
                                             const run_servers& servers);

/// The run's supervision of `children` (config.supervision).
actors::supervisor_config supervision_of(const run_config& config,
                                         std::vector<actors::child_spec> children);

/// The seed of the evaluator's episodes (episode e starts from reset(seed + e)): its own start
/// states, apart from collection; amb eval takes it too, so that both score a θ alike.
uint64_t evaluator_seed(const run_config& config);

}  // namespace amb::apps
