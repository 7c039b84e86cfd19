#pragma once

#include <caf/stateful_actor.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "actors/fault_injection.hpp"
#include "actors/work_gate.hpp"
#include "learners/dynamics_ensemble.hpp"
#include "messages/interfaces.hpp"

namespace amb::actors {

struct model_learner_config {
  std::string name = "model_learner";  // its cursor name at the data buffer, its progress file
  int obs_dim = 0;
  int act_dim = 0;
  learners::ensemble_config ensemble;
  uint64_t seed = 0;
  uint32_t pull_max = 64;                         // trajectories per pull
  std::chrono::duration<double> idle_poll{0.05};  // how often to look for data while stopped
  std::chrono::duration<double> request_timeout{10.0};
  bool gated = false;     // sequential mode: train only the epochs a gate request allows
  int torch_threads = 1;  // per LibTorch operation, on this learner's thread
  fault_plan fault;       // injected faults (amb run --inject); none by default
};

struct model_learner_state {
  std::unique_ptr<learners::dynamics_ensemble> ensemble;
  uint64_t cursor = 0;
  uint64_t version = 0;  // of the last φ pushed
  uint64_t epochs = 0;
  work_gate gate{false};
  std::unique_ptr<fault_clock> faults;
  static inline const char* name = "model_learner";
};

/// The ModelLearner (shared/DESIGN.md, asynchronous MB-RL paper Algorithm "model learning"):
/// each step pulls the trajectories new since its cursor, adds them to its ensemble's dataset
/// (which resets early stopping), trains one epoch unless every member has stopped, and pushes
/// φ with the next version. Starts from the cursor the buffer remembers for its name and from
/// the model server's version, so a restarted learner re-reads and versions stay monotonic.
/// Spawn it detached: an epoch blocks its thread.
caf::behavior model_learner(caf::stateful_actor<model_learner_state>* self,
                            model_learner_config config, messages::data_buffer_actor buffer,
                            messages::param_server_actor model_server,
                            messages::metrics_sink_actor metrics);

}  // namespace amb::actors
