#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace amb::bench {

// A single deterministic episode is a noisy score, so a run's final return is the mean of its
// last few evaluations (10 s apart by default).
constexpr size_t final_evaluations = 5;

struct evaluation_point {
  double time;
  double env_steps;
  double eval_return;
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
};

/// The first time the curve reaches `target`, or NAN if it never does.
double time_to_reach(const std::vector<evaluation_point>& curve, double target);

}  // namespace amb::bench
