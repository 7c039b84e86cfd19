#pragma once

// The counters of a run that are not in its servers, as the coordinator checkpoints them
// (RUN_DIR/checkpoint/run.json) so that a resumed run goes on counting.

#include <cstdint>
#include <string>

namespace amb::actors {

/// The phases of a sequential iteration, in their order.
enum class sequential_phase : uint8_t { collect, model, policy };

/// Where a sequential run stands: a resumed run first finishes that phase, instead of starting
/// the next iteration's collection and leaving the data of the last one unlearned from.
struct sequential_position {
  uint64_t iteration = 0;  // 1 for the first; 0: none begun (or an asynchronous run)
  sequential_phase phase = sequential_phase::collect;
  uint64_t done = 0;  // of the phase's units: episodes stored, epochs or policy steps taken
};

struct run_counters {
  double elapsed = 0;  // wall seconds the run has run, over all its processes
  uint32_t restarts = 0;
  uint32_t crashes = 0;
  uint32_t resumes = 0;      // how often it was resumed
  uint32_t generations = 0;  // buffer generations written: one per process of the run
  sequential_position sequential;
};

/// "collect", "model", "policy".
const char* phase_name(sequential_phase phase);

/// Writes `counters` to `path` atomically (a temporary file renamed over it), creating its
/// folder; throws std::runtime_error naming the file when it cannot.
void write_run_counters(const std::string& path, const run_counters& counters);

/// The counters at `path`. Throws store_error (actors/trajectory_store.hpp) naming the file
/// and byte offset when it is missing, damaged, or holds a value out of its range (a negative
/// count, an elapsed time that is not a finite number of seconds, an unknown phase). Counters
/// written before runs kept their sequential position read as none begun.
run_counters read_run_counters(const std::string& path);

}  // namespace amb::actors
