#pragma once

// What of a run outlives its process, in the run folder (shared/DESIGN.md: state lives in the
// servers):
//   buffer/trajectories-<g>.amblog  the DataBuffer's trajectories (actors/trajectory_store.hpp)
//   checkpoint/<server>.params  each parameter server's latest blob: policy, model, any an
//                               algorithm adds, and <learner>.state for each learner's state
//   checkpoint/run.json  the coordinator's counters (actors/run_counters.hpp)
// `amb run --resume RUN_DIR` reads them back with load_run_state.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actors/run_counters.hpp"
#include "actors/trajectory_log.hpp"
#include "actors/trajectory_store.hpp"
#include "messages/param_blob.hpp"

namespace amb::apps {

std::string buffer_dir(const std::string& run_dir);
std::string counters_path(const std::string& run_dir);
std::string param_checkpoint_path(const std::string& run_dir, const std::string& name);

/// A run's state as a resume finds it; a new run starts from the default.
struct run_state {
  uint32_t generation = 0;  // the buffer generation this process writes
  actors::run_counters counters;
  std::shared_ptr<actors::trajectory_log> buffer;
  // The parameter servers' checkpoints by server name ("policy", "model",
  // "policy_learner.state"); a server without one is absent.
  std::map<std::string, messages::param_blob> parameters;
  uint64_t newest_policy_used = 0;  // the highest θ version a stored trajectory acted with
  std::vector<std::string> notes;   // what the reading found worth telling (a cut generation)

  /// The checkpointed version of `server`'s parameters; 0: none.
  uint64_t version_of(const std::string& server) const;
};

/// A fresh run's state: an empty buffer.
run_state new_run_state(const actors::data_buffer_config& buffer);

/// What a run's configuration says its folder holds.
struct run_expectation {
  nlohmann::json run_config;  // params.json, which every buffer generation's header repeats
  std::string algorithm;      // whose parameters every checkpoint holds
  std::vector<std::string> parameter_servers;  // each has checkpoint/<name>.params
  actors::data_buffer_config buffer;           // what every stored trajectory satisfies
};

/// The trajectories a run folder stores, each checked as a resume checks it; throws
/// actors::store_error as load_run_state does. For tools that read a run (benches, tests).
actors::stored_trajectories read_run_trajectories(
    const std::string& run_dir, const run_expectation& expected,
    const std::function<void(messages::trajectory)>& each);

/// Reads back everything a run folder holds. Throws actors::store_error naming the file (and
/// byte offset) of anything missing, damaged, of another configuration or algorithm, or that a
/// live push would refuse; reads only, so nothing is lost when it refuses. A folder holding no
/// data yet (the run was killed before writing any) resumes from the beginning.
run_state load_run_state(const std::string& run_dir, const run_expectation& expected);

}  // namespace amb::apps
