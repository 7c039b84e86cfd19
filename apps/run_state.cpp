#include "apps/run_state.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "actors/param_checkpoint.hpp"
#include "actors/trajectory_store.hpp"

namespace amb::apps {

namespace fs = std::filesystem;

namespace {

std::string counters_path(const std::string& run_dir) {
  return (fs::path(run_dir) / "checkpoint" / "run.json").string();
}

run_counters read_run_counters(const std::string& run_dir) {
  const auto path = counters_path(run_dir);
  run_counters counters;
  if (!fs::exists(path)) return counters;  // killed before its first checkpoint
  std::ifstream in(path);
  try {
    const auto doc = nlohmann::json::parse(in);
    counters.elapsed = doc.at("elapsed").get<double>();
    counters.restarts = doc.at("restarts").get<uint32_t>();
    counters.crashes = doc.at("crashes").get<uint32_t>();
    counters.resumes = doc.at("resumes").get<uint32_t>();
  } catch (const nlohmann::json::parse_error& e) {
    throw actors::store_error(path + " at byte " + std::to_string(e.byte) + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    throw actors::store_error(path + " at byte 0: " + e.what());
  }
  return counters;
}

}  // namespace

std::string buffer_dir(const std::string& run_dir) {
  return (fs::path(run_dir) / "buffer").string();
}

std::string param_checkpoint_path(const std::string& run_dir, const std::string& name) {
  return (fs::path(run_dir) / "checkpoint" / (name + ".params")).string();
}

void write_run_counters(const std::string& run_dir, const run_counters& counters) {
  const auto path = counters_path(run_dir);
  fs::create_directories(fs::path(path).parent_path());
  const auto temporary = path + ".tmp";
  {
    std::ofstream out(temporary);
    out << nlohmann::json{{"elapsed", counters.elapsed},
                          {"restarts", counters.restarts},
                          {"crashes", counters.crashes},
                          {"resumes", counters.resumes}}
               .dump(2)
        << "\n";
    if (!out) throw std::runtime_error("cannot write " + temporary);
  }
  fs::rename(temporary, path);
}

run_state new_run_state(const actors::data_buffer_config& buffer) {
  run_state state;
  state.buffer = std::make_shared<actors::trajectory_log>(buffer);
  return state;
}

run_state load_run_state(const std::string& run_dir, const actors::data_buffer_config& buffer,
                         const std::vector<std::string>& learner_states) {
  auto state = new_run_state(buffer);
  const auto stored =
      actors::read_trajectory_store(buffer_dir(run_dir), [&](messages::trajectory t) {
        state.newest_policy_used = std::max(state.newest_policy_used, t.policy_version);
        state.buffer->restore(std::move(t));
      });
  state.generation = stored.generations;
  state.notes = stored.notes;
  state.counters = read_run_counters(run_dir);
  ++state.counters.resumes;
  auto checkpointed = [&](const std::string& name) {
    auto blob = actors::read_param_checkpoint(param_checkpoint_path(run_dir, name), name);
    return blob ? std::move(*blob) : messages::param_blob{};
  };
  state.policy = checkpointed("policy");
  state.model = checkpointed("model");
  for (const auto& name : learner_states)
    if (auto blob = checkpointed(name); blob.version > 0) state.learner_states[name] = blob;
  return state;
}

}  // namespace amb::apps
