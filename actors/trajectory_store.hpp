#pragma once

// The DataBuffer's log on disk. Every accepted trajectory is appended to a file before its push
// is acknowledged; a resumed run reads them all back. Each run, and each resume of it, writes
// one generation, DIR/trajectories-<g>.amblog (rotated into .1, .2, ... past the segment size),
// in the message-log format (recording/log_format.hpp) with one record per trajectory.
//
// Durability: a record is handed to the operating system (write(2)) before the acknowledgement,
// so an acknowledged trajectory survives the process being killed, SIGKILL included. The file is
// fsync'ed every `sync_interval` (on the first append after it), on sync() and when the store
// closes, so a power loss can lose the trajectories of the last interval, not more.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "actors/periodic_deadline.hpp"
#include "messages/trajectory.hpp"

namespace amb::recording {
class log_writer;
}

namespace amb::actors {

/// Stored data that cannot be read back as it was written; the message names file and offset.
class store_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class trajectory_store {
 public:
  /// Starts generation `generation` in `dir`; refuses to overwrite an existing one.
  trajectory_store(const std::string& dir, uint32_t generation, nlohmann::json run_config,
                   uint64_t segment_bytes, std::chrono::duration<double> sync_interval);
  ~trajectory_store();

  /// Writes `t` through to the operating system; throws std::runtime_error naming the file on
  /// an I/O failure.
  void append(const messages::trajectory& t);

  /// Puts everything appended so far on the disk (fsync).
  void sync();

 private:
  std::unique_ptr<recording::log_writer> writer_;
  periodic_deadline next_sync_;
};

/// What a resume found in a store.
struct stored_trajectories {
  uint32_t generations = 0;  // the next generation to write is this one
  uint64_t trajectories = 0;
  std::vector<std::string> notes;  // one per generation that was cut short, saying where
};

/// What a resume knows the store must hold.
struct store_expectation {
  uint32_t generations = 0;        // how many the run has started (checkpoint/run.json)
  nlohmann::json run_config;       // the run's configuration, which every generation's header holds
  messages::trajectory_dims dims;  // what every trajectory satisfies, as a live push must
  // How this build reads a header's configuration before comparing it: keys added since an
  // older build wrote it take their defaults (none: as written). Throws for one it cannot read.
  std::function<nlohmann::json(const nlohmann::json&)> resolve = nullptr;
};

/// Reads every generation in `dir`, in order, handing each trajectory to `each`. A generation
/// whose data stops early (its process was killed) ends there with a note; any other damage, a
/// missing generation, a generation of another run's configuration, an undecodable record or a
/// trajectory a live push would refuse throws store_error naming the file and offset.
stored_trajectories read_trajectory_store(const std::string& dir, const store_expectation& expected,
                                          const std::function<void(messages::trajectory)>& each);

}  // namespace amb::actors
