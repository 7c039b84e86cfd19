#include "actors/trajectory_store.hpp"

#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>
#include <filesystem>

#include "messages/errors.hpp"
#include "messages/registration.hpp"
#include "recording/log_reader.hpp"
#include "recording/log_writer.hpp"

namespace amb::actors {

namespace fs = std::filesystem;

namespace {

constexpr const char* record_type = "trajectory";

std::string generation_path(const std::string& dir, uint32_t generation) {
  return (fs::path(dir) / ("trajectories-" + std::to_string(generation) + ".amblog")).string();
}

int64_t wall_ns_now() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool same_configuration(const nlohmann::json& written, const store_expectation& expected) {
  if (!expected.resolve) return written == expected.run_config;
  try {
    return expected.resolve(written) == expected.run_config;
  } catch (const std::exception&) {
    return false;  // not a configuration this build knows
  }
}

}  // namespace

trajectory_store::trajectory_store(const std::string& dir, uint32_t generation,
                                   nlohmann::json run_config, uint64_t segment_bytes,
                                   std::chrono::duration<double> sync_interval)
    : next_sync_(sync_interval) {
  fs::create_directories(dir);
  recording::log_header header;
  header.run_config = std::move(run_config);
  header.types = messages::type_registry();
  writer_ = std::make_unique<recording::log_writer>(generation_path(dir, generation),
                                                    std::move(header), segment_bytes);
}

trajectory_store::~trajectory_store() {
  try {
    writer_->close();
    writer_->sync();
  } catch (const std::exception&) {
    // Nowhere to report it: a resume will find the generation cut short and say where.
  }
}

void trajectory_store::append(const messages::trajectory& t) {
  recording::log_record record;
  record.sender = t.source;
  record.receiver = "data_buffer";
  record.type = record_type;
  record.wall_ns = wall_ns_now();
  // No actor handles inside a trajectory, so no actor system is needed to serialise one.
  caf::binary_serializer sink{nullptr, record.payload};
  if (auto err = sink(const_cast<messages::trajectory&>(t)))
    throw std::runtime_error("cannot serialise a trajectory: " + caf::to_string(err));
  writer_->write(record);
  if (next_sync_.due())
    sync();
  else
    writer_->flush();
}

void trajectory_store::sync() {
  writer_->sync();
  next_sync_.restart();
}

stored_trajectories read_trajectory_store(const std::string& dir, const store_expectation& expected,
                                          const std::function<void(messages::trajectory)>& each) {
  stored_trajectories found;
  for (;; ++found.generations) {
    const auto path = generation_path(dir, found.generations);
    if (!fs::exists(path)) {
      if (found.generations < expected.generations)
        throw store_error(path + " is missing: the run wrote " +
                          std::to_string(expected.generations) + " generations");
      break;
    }
    recording::log_reader reader(path);
    // A generation of another run (or of this one under another configuration) is not this
    // run's data, however intact.
    if (reader.header() && !same_configuration(reader.header()->run_config, expected))
      throw store_error(path + " at byte 0: written by a run of another configuration than " +
                        "this run's params.json");
    recording::log_record record;
    while (reader.next(record)) {
      const auto at = reader.file() + " at byte " + std::to_string(reader.record_offset());
      messages::trajectory t;
      caf::binary_deserializer source{nullptr, record.payload};
      if (record.type != record_type || source(t))
        throw store_error(at + ": not a stored trajectory (type '" + record.type + "')");
      if (auto err = messages::validate(t, expected.dims))
        throw store_error(at +
                          ": a trajectory a live push would refuse: " + messages::describe(err));
      each(std::move(t));
      ++found.trajectories;
    }
    if (const auto& damage = reader.damage()) {
      if (!damage->cut) throw store_error(recording::describe(*damage));
      found.notes.push_back(recording::describe(*damage) +
                            "; its data ends there (the process was stopped while writing)");
    }
  }
  // A later generation without the one before it means a file went missing.
  if (fs::exists(generation_path(dir, found.generations + 1)))
    throw store_error(generation_path(dir, found.generations) + " is missing, but " +
                      generation_path(dir, found.generations + 1) + " is there");
  return found;
}

}  // namespace amb::actors
