#pragma once

#include <string>

#include "learners/metrics.hpp"
#include "messages/worker_metrics.hpp"

namespace amb::actors {

/// A learner's metrics as one progress row of `worker` at `time` seconds.
messages::worker_metrics metrics_row(const std::string& worker, double time,
                                     const learners::metrics& values);

}  // namespace amb::actors
