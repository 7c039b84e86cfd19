#pragma once

#include <caf/stateful_actor.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "actors/fault_injection.hpp"
#include "actors/work_gate.hpp"
#include "learners/learner.hpp"
#include "messages/interfaces.hpp"

namespace amb::actors {

/// A run's parameter servers by name ("policy", "model", and whatever else an algorithm adds).
using parameter_servers = std::map<std::string, messages::param_server_actor>;

/// The server that keeps the private state of the learner of role `role` ("policy_learner" ->
/// "policy_learner.state"), wherever it runs (attached learners use the node's).
std::string state_server_of(const std::string& role);

struct learner_actor_config {
  // Its cursor's name at the data buffer, its progress file, the source of what it pushes.
  std::string name = "policy_learner";
  learners::learner_slot slot;  // what it reads and produces, and how to make its learner
  learners::learner_context context;
  // The server that keeps its state (state_server_of its role); empty or not among the servers
  // it is given: it keeps no state across restarts.
  std::string state_server;
  uint32_t pull_max = 64;                         // trajectories per pull
  std::chrono::duration<double> idle_poll{0.05};  // how often to look again while waiting
  std::chrono::duration<double> request_timeout{10.0};
  bool gated = false;     // sequential mode: take only the steps a gate request allows
  int torch_threads = 1;  // cores this learner computes on (learners/compute_threads.hpp)
  fault_plan fault;       // injected faults (amb run --inject); none by default
};

struct learner_actor_state {
  std::unique_ptr<learners::learner> learner;
  uint64_t version = 0;                           // of its own parameters: last pulled or pushed
  uint64_t state_version = 0;                     // of its state: last pulled or pushed
  std::map<std::string, uint64_t> read_versions;  // of each server it reads: the last loaded
  uint64_t cursor = 0;
  uint64_t steps = 0;
  work_gate gate{false};
  std::unique_ptr<fault_clock> faults;
  static inline const char* name = "learner";
};

/// The one learner actor (shared/DESIGN.md, "Algorithms as plug-ins"): runs the learner of any
/// registered algorithm's slot. A new instance (start, restart, resumed run) goes on from its
/// own server's latest parameters and its state server's latest state, and from its cursor at
/// the data buffer (or from the start of the buffer's window when its slot rereads it). Each
/// step loads the newer parameters of the servers the slot reads, adds the trajectories new
/// since its cursor, calls the learner's step and, when that changed the parameters, pushes
/// them with the next version, then its state, and reports a progress row: the step's metrics,
/// `step`, the versions and the cursor. Spawn it detached: a step blocks its thread. It does no
/// arithmetic of its own.
caf::behavior learner_actor(caf::stateful_actor<learner_actor_state>* self,
                            learner_actor_config config, messages::data_buffer_actor buffer,
                            parameter_servers servers, messages::metrics_sink_actor metrics);

}  // namespace amb::actors
