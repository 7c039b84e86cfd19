#pragma once

#include <chrono>
#include <string>

#include "learners/metrics.hpp"
#include "messages/worker_metrics.hpp"

namespace amb::actors {

/// Seconds since `start` on the steady clock: the time axis of progress rows and events.
inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// A worker's metrics as one progress row of `worker`.
messages::worker_metrics metrics_row(const std::string& worker, const learners::metrics& values);

}  // namespace amb::actors
