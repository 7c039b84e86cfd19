#include "apps/run_state.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "actors/param_checkpoint.hpp"
#include "actors/trajectory_store.hpp"
#include "apps/run_config.hpp"

namespace amb::apps {

namespace fs = std::filesystem;

std::string buffer_dir(const std::string& run_dir) {
  return (fs::path(run_dir) / "buffer").string();
}

std::string counters_path(const std::string& run_dir) {
  return (fs::path(run_dir) / "checkpoint" / "run.json").string();
}

std::string param_checkpoint_path(const std::string& run_dir, const std::string& name) {
  return (fs::path(run_dir) / "checkpoint" / (name + ".params")).string();
}

run_state new_run_state(const actors::data_buffer_config& buffer) {
  run_state state;
  state.buffer = std::make_shared<actors::trajectory_log>(buffer);
  return state;
}

namespace {

// Whether the run got as far as writing anything but its configuration: a run killed before
// that resumes from nothing; one that did must have every file it writes first.
bool has_started(const std::string& run_dir) {
  for (const auto& dir : {fs::path(run_dir) / "checkpoint", fs::path(buffer_dir(run_dir))})
    if (fs::exists(dir) && !fs::is_empty(dir)) return true;
  return false;
}

}  // namespace

actors::stored_trajectories read_run_trajectories(
    const std::string& run_dir, const run_expectation& expected,
    const std::function<void(messages::trajectory)>& each) {
  const auto counters = actors::read_run_counters(counters_path(run_dir));
  // A generation an older amb wrote lacks the keys added since; they take their defaults, as
  // params.json's do when it is read.
  auto resolve = [](const nlohmann::json& written) {
    return to_json(resolve_run_config(written, {}));
  };
  return actors::read_trajectory_store(
      buffer_dir(run_dir),
      {counters.generations, expected.run_config, expected.buffer.dims(), resolve}, each);
}

run_state load_run_state(const std::string& run_dir, const run_expectation& expected) {
  auto state = new_run_state(expected.buffer);
  if (!has_started(run_dir)) {
    state.notes.push_back(run_dir + " holds no data yet: the run starts from its beginning");
    return state;
  }
  // run.json is written after every other file of the run's first process (run_graph), so it
  // says what must be there: a missing file is an error naming it, never a silent restart.
  state.counters = actors::read_run_counters(counters_path(run_dir));
  const auto stored = read_run_trajectories(run_dir, expected, [&](messages::trajectory t) {
    state.newest_policy_used = std::max(state.newest_policy_used, t.policy_version);
    state.buffer->restore(std::move(t));
  });
  state.generation = stored.generations;
  state.notes = stored.notes;
  ++state.counters.resumes;
  for (const auto& name : expected.parameter_servers) {
    const auto path = param_checkpoint_path(run_dir, name);
    auto blob = actors::read_param_checkpoint(path, name, expected.algorithm);
    if (!blob) throw actors::store_error(path + " is missing");
    if (blob->version > 0) state.parameters[name] = std::move(*blob);
  }
  return state;
}

uint64_t run_state::version_of(const std::string& server) const {
  const auto it = parameters.find(server);
  return it == parameters.end() ? 0 : it->second.version;
}

}  // namespace amb::apps
