#pragma once

// What of a run outlives its process, in the run folder (shared/DESIGN.md: state lives in the
// servers):
//   buffer/trajectories-<g>.amblog  the DataBuffer's trajectories (actors/trajectory_store.hpp)
//   checkpoint/policy.params, checkpoint/model.params  the servers' latest parameters
//   checkpoint/<learner>.state.params  each learner's latest private state
//   checkpoint/run.json  the coordinator's counters
// `amb run --resume RUN_DIR` reads them back with load_run_state.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "actors/trajectory_log.hpp"
#include "messages/param_blob.hpp"

namespace amb::apps {

std::string buffer_dir(const std::string& run_dir);
std::string param_checkpoint_path(const std::string& run_dir, const std::string& name);

/// The counters of a run that are not in its servers.
struct run_counters {
  double elapsed = 0;  // wall seconds the run has run, over all its processes
  uint32_t restarts = 0;
  uint32_t crashes = 0;
  uint32_t resumes = 0;  // how often it was resumed
};

/// Writes RUN_DIR/checkpoint/run.json atomically (a temporary file renamed over it).
void write_run_counters(const std::string& run_dir, const run_counters& counters);

/// A run's state as a resume finds it; a new run starts from the default.
struct run_state {
  uint32_t generation = 0;  // the buffer generation this process writes
  run_counters counters;
  std::shared_ptr<actors::trajectory_log> buffer;
  messages::param_blob policy;  // version 0: none checkpointed
  messages::param_blob model;
  std::map<std::string, messages::param_blob> learner_states;  // by server; absent: none saved
  uint64_t newest_policy_used = 0;  // the highest θ version a stored trajectory acted with
  std::vector<std::string> notes;   // what the reading found worth telling (a cut generation)
};

/// A fresh run's state: an empty buffer.
run_state new_run_state(const actors::data_buffer_config& buffer);

/// Reads back everything a run folder holds, the checkpoints of the learners' state servers
/// `learner_states` among it. Throws actors::store_error naming the file and byte offset of any
/// damage; reads only, so nothing is lost when it refuses.
run_state load_run_state(const std::string& run_dir, const actors::data_buffer_config& buffer,
                         const std::vector<std::string>& learner_states);

}  // namespace amb::apps
