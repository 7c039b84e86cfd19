#pragma once

#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "messages/interfaces.hpp"

namespace amb::actors {

struct metrics_sink_state {
  struct progress_file {
    std::ofstream out;
    std::vector<std::string> columns;  // from the worker's first row
  };
  std::map<std::string, std::unique_ptr<progress_file>> files;
  uint64_t rows = 0;
  std::chrono::steady_clock::time_point start;  // of this process's part of the run
  static inline const char* name = "metrics_sink";
};

/// The rows of this worker name go to progress.csv, the run's own table (one row per
/// evaluation with the run's counters), which viskit and pandas load as an rllab/garage run's.
inline constexpr const char* run_table = "run";

/// The Metrics sink (shared/DESIGN.md): one progress_<worker>.csv per worker in `run_dir`, with
/// a `time` column (the run's wall seconds when the row arrived: `elapsed` before this process,
/// plus the sink's own age) then the worker's metrics, flushed row by row (the rllab/garage layout
/// that pandas and viskit read). A row whose names differ from the file's columns is written under
/// the columns it shares; missing values stay empty. A resumed run's file keeps its header, and
/// its rows the header's columns.
messages::metrics_sink_actor::behavior_type metrics_sink(
    messages::metrics_sink_actor::stateful_pointer<metrics_sink_state> self, std::string run_dir,
    double elapsed);

}  // namespace amb::actors
