#include "actors/run_counters.hpp"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "actors/trajectory_store.hpp"

namespace amb::actors {

namespace fs = std::filesystem;

const char* phase_name(sequential_phase phase) {
  switch (phase) {
    case sequential_phase::collect:
      return "collect";
    case sequential_phase::model:
      return "model";
    case sequential_phase::policy:
      return "policy";
  }
  return "?";
}

void write_run_counters(const std::string& path, const run_counters& counters) {
  fs::create_directories(fs::path(path).parent_path());
  const auto temporary = path + ".tmp";
  nlohmann::json doc{{"elapsed", counters.elapsed},
                     {"restarts", counters.restarts},
                     {"crashes", counters.crashes},
                     {"resumes", counters.resumes},
                     {"generations", counters.generations}};
  const auto& at = counters.sequential;
  if (at.iteration > 0)
    doc["sequential"] = {
        {"iteration", at.iteration}, {"phase", phase_name(at.phase)}, {"done", at.done}};
  {
    std::ofstream out(temporary);
    out << doc.dump(2) << "\n";
    if (!out) throw std::runtime_error("cannot write " + temporary);
  }
  fs::rename(temporary, path);
}

namespace {

// A count as the file holds it: an unsigned integer that fits (-1 must not become 4294967295).
uint64_t count_at(const nlohmann::json& doc, const char* key, const std::string& path,
                  uint64_t most = UINT32_MAX) {
  const auto& value = doc.at(key);
  if (!value.is_number_unsigned() || value.get<uint64_t>() > most)
    throw store_error(path + " at byte 0: '" + key + "' is " + value.dump() +
                      ", not a count from 0 to " + std::to_string(most));
  return value.get<uint64_t>();
}

sequential_position position_at(const nlohmann::json& doc, const std::string& path) {
  sequential_position at;
  at.iteration = count_at(doc, "iteration", path, UINT64_MAX);
  at.done = count_at(doc, "done", path, UINT64_MAX);
  const auto& phase = doc.at("phase");
  for (auto p : {sequential_phase::collect, sequential_phase::model, sequential_phase::policy})
    if (phase == phase_name(p)) {
      at.phase = p;
      return at;
    }
  throw store_error(path + " at byte 0: 'phase' is " + phase.dump() +
                    ", not one of \"collect\", \"model\", \"policy\"");
}

}  // namespace

run_counters read_run_counters(const std::string& path) {
  if (!fs::exists(path)) throw store_error(path + " is missing");
  run_counters counters;
  std::ifstream in(path);
  try {
    const auto doc = nlohmann::json::parse(in);
    const auto& elapsed = doc.at("elapsed");
    if (!elapsed.is_number() || !std::isfinite(elapsed.get<double>()) || elapsed.get<double>() < 0)
      throw store_error(path + " at byte 0: 'elapsed' is " + elapsed.dump() +
                        ", not a number of seconds");
    counters.elapsed = elapsed.get<double>();
    counters.restarts = static_cast<uint32_t>(count_at(doc, "restarts", path));
    counters.crashes = static_cast<uint32_t>(count_at(doc, "crashes", path));
    counters.resumes = static_cast<uint32_t>(count_at(doc, "resumes", path));
    counters.generations = static_cast<uint32_t>(count_at(doc, "generations", path));
    if (doc.contains("sequential")) counters.sequential = position_at(doc.at("sequential"), path);
  } catch (const nlohmann::json::parse_error& e) {
    throw actors::store_error(path + " at byte " + std::to_string(e.byte) + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    throw actors::store_error(path + " at byte 0: " + e.what());
  }
  return counters;
}

}  // namespace amb::actors
