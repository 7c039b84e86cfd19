#pragma once

// What amb eval and amb render act with: a run's configuration and its checkpointed θ in the
// algorithm's evaluation policy (a Gaussian's mean action), and the options that choose them.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
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

/// Where amb eval and amb render take θ and their episodes' seeds from.
struct rollout_source {
  std::string checkpoint;  // --checkpoint; empty: RUN_DIR/checkpoint/policy.params
  uint64_t seed = 0;       // --seed
  const CLI::Option* seed_option = nullptr;

  /// Episode e starts from reset(first_seed + e): --seed when given, else the run's evaluator's
  /// seed, so that both commands replay the evaluator's episodes by default.
  uint64_t first_seed(const run_config& config) const;
};

/// Adds --checkpoint and --seed to `command`, parsed into `source`.
void add_rollout_source_options(CLI::App& command, rollout_source& source);

/// Runs `load` and returns true; a missing or damaged run or checkpoint (config_error, or
/// actors::store_error naming file and offset) is printed as "amb COMMAND: what" instead, and
/// false returned: the command then exits 2.
bool loaded_or_reported(const std::string& command, const std::function<void()>& load);

}  // namespace amb::apps
