#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "actors/coordinator.hpp"
#include "learners/registry.hpp"

namespace amb::apps {

/// Everything `amb run` needs. Each key is declared once, in the visit_fields below its section
/// (config/fields.hpp), with the value a configuration takes when it leaves the key out and the
/// values it may take. The built-in values are the reacher's (asynchronous ME-TRPO, learning
/// within a minute on two cores), the cheapest run that learns, which the tests build on; the
/// default job is default_job().
struct run_config {
  uint64_t seed = 1;  // every random stream of the run derives from it

  struct env_section {
    std::string name = "reacher";
    int horizon = 0;             // steps per episode; 0: the task's default
    double pace_seconds = 0.01;  // minimum wall seconds per step (0: unpaced)
    std::string robot;           // UDP HOST:PORT of a robot link; empty: simulate in-process
  } env;

  actors::run_budget budget{/*trajectories=*/0, /*env_steps=*/6000, /*wall_seconds=*/300};

  /// What learns: a name of learners/registry.hpp. Its own sections (for ME-TRPO "policy",
  /// "model" and "policy_learner") are top-level keys beside these and end up in
  /// algorithm_settings.
  std::string algorithm = learners::default_algorithm();

  /// async: the three workers never wait for one another; sequential: the classic twin, the
  /// same actors gated into phases (see actors::sequential_phases).
  std::string mode = "async";
  actors::sequential_phases sequential;

  struct collectors_section {
    int count = 1;
  } collectors;

  struct evaluation_section {
    double interval_seconds = 10;  // 0: no evaluator
    int episodes = 1;
    // Also score the acting policy's other policies (MB-MPO's adapted ones, MAAC's planner) at
    // every evaluation, each as many episodes again.
    bool other_policies = true;
  } evaluation;

  struct buffer_section {
    uint64_t capacity_steps = 100000;  // transitions kept in the window
    uint32_t max_pull = 64;            // most trajectories per pull
  } buffer;

  /// The workers run under a supervisor (actors/supervisor.hpp) that restarts a crashed one,
  /// from the servers' state, after a backoff; past the budget the run stops.
  struct supervision_section {
    // Enough for both learners failing every 10 s; past it (a crash loop) the run stops.
    int max_restarts = 20;  // within within_seconds; one more stops the run
    double within_seconds = 60;
    double backoff_initial_seconds = 0.5;  // doubling per restart inside the window
    double backoff_max_seconds = 10;
    // A worker silent this long (busy workers still answer between steps) is restarted.
    double stall_seconds = 60;
  } supervision;

  /// Injected faults, each WORKER:KIND:SECONDS (actors/fault_injection.hpp); `--inject` adds one.
  std::vector<std::string> faults;

  /// The message log (shared/DESIGN.md, "Message logs and replay"): every request to the three
  /// servers and its reply, in RUN_DIR/messages.amblog.
  struct record_section {
    bool enabled = false;
    uint64_t segment_megabytes = 256;  // a new segment file (messages.amblog.1, ...) past this
  } record;

  /// Every run keeps its data buffer on disk (RUN_DIR/buffer/, written before each push is
  /// acknowledged) and checkpoints its parameter servers and counters (RUN_DIR/checkpoint/),
  /// so that `amb run --resume RUN_DIR` continues it after a crash.
  struct checkpoint_section {
    double interval_seconds = 10;  // parameters, counters and the buffer's fsync; also at stop
  } checkpoint;

  struct runtime_section {
    int threads = 2;                // CAF scheduler threads (workers have their own)
    int torch_threads = 1;          // cores each learner computes on (learners/compute_threads.hpp)
    double progress_seconds = 0.5;  // progress line refresh
    double request_timeout_seconds = 10;  // every request between actors
  } runtime;

  /// The algorithm's own sections, resolved: its built-in values under the user's. Only the
  /// algorithm's learners read them.
  nlohmann::json algorithm_settings = nlohmann::json::object();
};

/// The configuration as JSON (the defaults document, and the resolved params.json).
nlohmann::json to_json(const run_config& config);

/// The keys every run takes (not an algorithm's own), one line each with its built-in value and
/// valid values, for amb run --help; then each algorithm's.
std::string describe_keys();

/// What `amb run` and `amb node` run without a CONFIG: asynchronous ME-TRPO on HalfCheetah, as
/// a configuration document over the built-in values of run_config.
nlohmann::json default_job();

/// Builds a run configuration: the built-in values with those of the algorithm named, overlaid
/// with `user` (may be null), then each `--set key=value` in order; then checks the values.
/// Throws config_error naming the key.
run_config resolve_run_config(const nlohmann::json& user, const std::vector<std::string>& sets);

}  // namespace amb::apps
