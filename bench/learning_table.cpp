#include "bench/learning_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace amb::bench {

namespace {

// A value the runs do not give (no evaluation at all) is "-".
std::string number(double x, int precision = 1) {
  if (std::isnan(x)) return "-";
  char text[32];
  std::snprintf(text, sizeof(text), "%.*f", precision, x);
  return text;
}

// A time taken from time_to_reach (or a share of one): NAN there means the curve never got there.
std::string reached_at(double seconds, int precision = 1) {
  return std::isnan(seconds) ? "not reached" : number(seconds, precision);
}

// Whether a run ended better than its first evaluation: reaching the final return of a run
// that did not improve says nothing.
bool improved(const run_result& run) {
  return !run.curve.empty() && run.final_return() > run.curve.front().eval_return;
}

void run_row(std::ostringstream& table, const run_result& r) {
  const double collection = r.env_steps * r.pace_seconds;
  table << "| " << r.seed << " | " << r.mode << " | " << r.env_steps << " | "
        << number(r.wall_seconds) << " | " << number(collection) << " | "
        << number(r.wall_seconds / collection, 2) << " | " << number(r.final_return()) << " | "
        << number(r.final_spread()) << " |\n";
}

void comparison_row(std::ostringstream& table, const run_result& async,
                    const run_result& sequential) {
  table << "| " << async.seed << " | ";
  if (!improved(async) || !improved(sequential)) {
    table << number(sequential.final_return())
          << " | n/a: a run did not improve | - | - | - | - | - |\n";
    return;
  }
  const double target = sequential.final_return();
  const double async_to_target = time_to_reach(async.curve, target);
  const double common = std::min(async.final_return(), target);
  const double async_to_common = time_to_reach(async.curve, common);
  const double sequential_to_common = time_to_reach(sequential.curve, common);
  table << number(target) << " | " << reached_at(async_to_target) << " | "
        << reached_at(async_to_target / sequential.wall_seconds, 2) << " | " << number(common)
        << " | " << reached_at(async_to_common) << " | " << reached_at(sequential_to_common)
        << " | " << reached_at(async_to_common / sequential_to_common, 2) << " |\n";
}

}  // namespace

std::string learning_tables(const std::vector<run_result>& runs) {
  std::ostringstream table;
  table << "| seed | mode | env steps | wall s | pure collection s | wall / collection | "
           "final eval return (mean of last "
        << final_evaluations << ") | std over each evaluation's episodes (same mean) |\n"
        << "|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : runs) run_row(table, r);
  table << "\n| seed | sequential final return | async time to it (s) | "
           "that / sequential wall | lower final return | async time to it (s) | "
           "sequential time to it (s) | async / sequential |\n"
        << "|---|---|---|---|---|---|---|---|\n";
  for (size_t i = 0; i + 1 < runs.size(); i += 2) comparison_row(table, runs[i], runs[i + 1]);
  return table.str();
}

}  // namespace amb::bench
