#pragma once

#include <caf/stateful_actor.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/fault_injection.hpp"
#include "actors/work_gate.hpp"
#include "learners/policy_improver.hpp"
#include "messages/interfaces.hpp"

namespace amb::actors {

struct policy_learner_config {
  std::string name = "policy_learner";
  std::string env = "half_cheetah";  // whose reward function scores imagined steps
  learners::policy_config policy;
  learners::ensemble_config model;  // the shape of φ, to load it
  learners::policy_improver_config improver;
  int paths_per_step = 5;  // model-free: real trajectories per update
  uint64_t seed = 0;
  uint32_t pull_max = 64;
  std::chrono::duration<double> idle_poll{0.05};
  std::chrono::duration<double> request_timeout{10.0};
  bool gated = false;     // sequential mode: take only the steps a gate request allows
  int torch_threads = 1;  // per LibTorch operation, on this learner's thread
  fault_plan fault;       // injected faults (amb run --inject); none by default
};

struct policy_learner_state {
  std::unique_ptr<learners::policy_improver> improver;
  uint64_t version = 0;        // of θ: the last pulled or pushed
  uint64_t model_version = 0;  // of the φ loaded
  uint64_t cursor = 0;
  uint64_t steps = 0;
  work_gate gate{false};
  std::unique_ptr<fault_clock> faults;
  std::vector<messages::trajectory> fresh;  // model-free: trajectories not yet learned from
  static inline const char* name = "policy_learner";
};

/// The PolicyLearner (shared/DESIGN.md): starts from the policy server's θ; each step pulls φ
/// when newer and the trajectories new since its cursor, then takes one TRPO or PPO step, on
/// imagined rollouts from real start states (model-based) or on the fresh real trajectories
/// (model-free), and pushes θ with the next version. Spawn it detached.
caf::behavior policy_learner(caf::stateful_actor<policy_learner_state>* self,
                             policy_learner_config config, messages::data_buffer_actor buffer,
                             messages::param_server_actor policy_server,
                             messages::param_server_actor model_server,
                             messages::metrics_sink_actor metrics);

}  // namespace amb::actors
