#pragma once

#include <string>

namespace amb::bench {

/// One figure of a benchmark and the raw baseline measured beside it in the same run.
struct bench_row {
  std::string name;
  double value;  // in `unit`
  std::string baseline_name;
  double baseline;  // in `unit`
  std::string unit;
  double ratio;  // how the figure compares with its baseline, as `ratio_meaning` says
  std::string ratio_meaning;
  std::string target;  // the goal stated in the issue, e.g. "<= 1.5"
  bool meets_target;
};

/// A row whose ratio is value / baseline, held to `target` (empty: none): at most `bound` when
/// lower is better, at least `bound` otherwise.
bench_row ratio_row(std::string name, double value, std::string baseline_name, double baseline,
                    std::string unit, std::string meaning, std::string target, bool lower_is_better,
                    double bound);

}  // namespace amb::bench
