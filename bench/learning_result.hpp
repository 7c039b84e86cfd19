#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace amb::bench {

// A single deterministic episode is a noisy score, so a run's final return is the mean of its
// last few evaluations (10 s apart by default).
constexpr size_t final_evaluations = 5;

struct evaluation_point {
  double time;
  double env_steps;
  double eval_return;     // the mean over the evaluation's episodes
  double eval_std = NAN;  // their standard deviation; NAN from runs that did not write it
};

/// One finished run of the learning bench, as its folder records it.
struct run_result {
  std::string mode;  // "async" or "sequential"
  uint64_t seed;
  double wall_seconds;
  uint64_t env_steps;
  double pace_seconds;
  std::vector<evaluation_point> curve;  // progress_evaluator.csv

  /// The mean of the last `final_evaluations` evaluations; NAN without any.
  double final_return() const;
  /// The mean standard deviation over the episodes of the same evaluations; NAN without any or
  /// when they did not write one.
  double final_spread() const;
};

/// The evaluations of a progress_evaluator.csv, its columns found by the header's names (the
/// evaluator's columns have grown, and runs of older builds lack eval_return_std). Throws
/// std::runtime_error naming the file when time, env_steps or eval_return is missing.
std::vector<evaluation_point> read_curve(const std::filesystem::path& csv);

/// The first time the curve reaches `target`, or NAN if it never does.
double time_to_reach(const std::vector<evaluation_point>& curve, double target);

}  // namespace amb::bench
