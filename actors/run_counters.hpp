#pragma once

// The counters of a run that are not in its servers, as the coordinator checkpoints them
// (RUN_DIR/checkpoint/run.json) so that a resumed run goes on counting.

#include <cstdint>
#include <string>

namespace amb::actors {

struct run_counters {
  double elapsed = 0;  // wall seconds the run has run, over all its processes
  uint32_t restarts = 0;
  uint32_t crashes = 0;
  uint32_t resumes = 0;      // how often it was resumed
  uint32_t generations = 0;  // buffer generations written: one per process of the run
};

/// Writes `counters` to `path` atomically (a temporary file renamed over it), creating its
/// folder; throws std::runtime_error naming the file when it cannot.
void write_run_counters(const std::string& path, const run_counters& counters);

/// The counters at `path`. Throws store_error (actors/trajectory_store.hpp) naming the file
/// and byte offset when it is missing, damaged, or holds a value out of its range (a negative
/// count, an elapsed time that is not a finite number of seconds).
run_counters read_run_counters(const std::string& path);

}  // namespace amb::actors
