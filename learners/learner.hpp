#pragma once

// What one learner actor (actors/learner_actor.hpp) runs: the computation of a model learner or
// a policy learner of any registered algorithm (learners/registry.hpp). The actor pulls what the
// learner's slot says it reads, calls step(), and pushes parameters() to the slot's own server;
// the learner never knows it lives in an actor.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "envs/environment.hpp"
#include "learners/metrics.hpp"
#include "learners/parameter_set.hpp"

namespace amb::learners {

/// What every learner and acting policy of a run is built from.
struct learner_context {
  std::string algorithm;    // its registry name, which its parameters carry
  std::string env;          // the task's registry name: its batched reward function
  envs::env_info info;      // its dimensions and action bounds
  nlohmann::json settings;  // the algorithm's resolved configuration sections
  uint64_t seed = 0;        // the run's seed; each learner derives its own streams from it
};

/// One episode as the data buffer holds it, by reference into the message's bytes.
struct episode_view {
  const float* observations = nullptr;  // [length + 1, obs_dim]
  const float* actions = nullptr;       // [length, act_dim]
  const float* rewards = nullptr;       // [length]
  size_t length = 0;
  bool terminated = false;  // the last state is terminal (not merely the horizon)
  // Its sequence number at the data buffer, which a restarted or resumed run keeps: a learner
  // that loaded its predecessor's state can tell the episodes that one had already learned from.
  uint64_t seq = 0;
};

enum class step_status {
  stepped,  // parameters() changed: push them
  waiting,  // not enough data or parameters yet: ask again later
  settled,  // nothing to learn until new data arrives (every ensemble member early-stopped)
};

struct step_outcome {
  step_status status = step_status::waiting;
  metrics values;  // with stepped: what the step reports, for the progress file
};

class learner {
 public:
  virtual ~learner() = default;

  /// Newer parameters of the server `server`: its own (once, at start, to go on from them) or
  /// one its slot reads. Throws std::invalid_argument naming the section at fault when they are
  /// not laid out as this learner's, or naming an unknown server.
  virtual void load_parameters(const std::string& server, const parameter_view& parameters) = 0;

  /// A trajectory new to this learner, in the data buffer's order.
  virtual void add_episode(const episode_view& episode) = 0;

  /// One step: a model epoch, a policy update. Throws std::runtime_error when it meets NaN or
  /// Inf (nothing is then pushed; a supervisor restarts the learner from the servers' state).
  virtual step_outcome step() = 0;

  /// What it pushes to its own server after a step that changed them: named sections of a
  /// layout that stays the same from step to step.
  virtual parameter_set parameters() const = 0;

  /// Its private state (optimiser moments, random streams, fitted baselines, early-stopping
  /// averages; learners/learner_state.hpp), of a fixed size once it has stepped: kept by the
  /// run's "<worker>.state" server after each step, so that a new instance goes on where this
  /// one was. What a new instance gets again from the servers (parameters, the data buffer's
  /// window) is not part of it.
  virtual std::vector<float> state() const = 0;

  /// Loads a state(), after the parameters; throws std::invalid_argument, changing nothing that
  /// matters, when `values` is not a state of this kind of learner with these dimensions.
  virtual void load_state(const float* values, size_t count) = 0;
};

/// How a learner actor runs one kind of learner.
struct learner_slot {
  std::string produces;            // the parameter server it pushes to ("model", "policy")
  std::vector<std::string> reads;  // parameter servers whose newer versions it loads each step
  // A new instance (a start, a restart, a resumed run) reads the data buffer's whole window
  // (its dataset was in memory only); otherwise it goes on from the cursor the buffer keeps.
  bool rereads_window = false;
  std::function<std::unique_ptr<learner>(const learner_context&)> make;
};

}  // namespace amb::learners
