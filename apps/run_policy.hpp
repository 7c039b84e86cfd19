#pragma once

// What amb eval and amb render act with: a run's configuration and its checkpointed θ in the
// algorithm's evaluation policy (a Gaussian's mean action).

#include <cstdint>
#include <memory>
#include <string>

#include "actors/trajectory_store.hpp"
#include "apps/config_document.hpp"
#include "apps/run_config.hpp"
#include "learners/acting_policy.hpp"

namespace amb::apps {

/// The configuration of the run in `run_dir` (its params.json). Throws config_error when
/// there is no run there.
run_config config_of_run(const std::string& run_dir);

struct checkpointed_policy {
  std::unique_ptr<learners::acting_policy> policy;  // in evaluation mode, θ loaded
  uint64_t version = 0;                             // of θ
  std::string checkpoint;                           // the file it came from
};

/// θ from `checkpoint` (empty: RUN_DIR/checkpoint/policy.params) in the evaluation policy of
/// the run's algorithm, on one LibTorch thread. Throws config_error for a missing checkpoint or
/// one without θ yet, actors::store_error (naming file and offset) for a damaged or foreign one.
checkpointed_policy evaluation_policy_of(const std::string& run_dir, const run_config& config,
                                         const std::string& checkpoint);

}  // namespace amb::apps
