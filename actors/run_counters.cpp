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

void write_run_counters(const std::string& path, const run_counters& counters) {
  fs::create_directories(fs::path(path).parent_path());
  const auto temporary = path + ".tmp";
  {
    std::ofstream out(temporary);
    out << nlohmann::json{{"elapsed", counters.elapsed},
                          {"restarts", counters.restarts},
                          {"crashes", counters.crashes},
                          {"resumes", counters.resumes},
                          {"generations", counters.generations}}
               .dump(2)
        << "\n";
    if (!out) throw std::runtime_error("cannot write " + temporary);
  }
  fs::rename(temporary, path);
}

namespace {

// A count as the file holds it: an unsigned integer that fits (-1 must not become 4294967295).
uint32_t count_at(const nlohmann::json& doc, const char* key, const std::string& path) {
  const auto& value = doc.at(key);
  if (!value.is_number_unsigned() || value.get<uint64_t>() > UINT32_MAX)
    throw store_error(path + " at byte 0: '" + key + "' is " + value.dump() +
                      ", not a count from 0 to " + std::to_string(UINT32_MAX));
  return value.get<uint32_t>();
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
    counters.restarts = count_at(doc, "restarts", path);
    counters.crashes = count_at(doc, "crashes", path);
    counters.resumes = count_at(doc, "resumes", path);
    counters.generations = count_at(doc, "generations", path);
  } catch (const nlohmann::json::parse_error& e) {
    throw actors::store_error(path + " at byte " + std::to_string(e.byte) + ": " + e.what());
  } catch (const nlohmann::json::exception& e) {
    throw actors::store_error(path + " at byte 0: " + e.what());
  }
  return counters;
}

}  // namespace amb::actors
