#include "bench/learning_result.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace amb::bench {

namespace {

// The mean of one value of the curve's last final_evaluations points.
double mean_of_last(const std::vector<evaluation_point>& curve, double evaluation_point::*value) {
  if (curve.empty()) return NAN;
  const size_t n = std::min(final_evaluations, curve.size());
  double sum = 0;
  for (size_t i = curve.size() - n; i < curve.size(); ++i) sum += curve[i].*value;
  return sum / n;
}

}  // namespace

double run_result::final_return() const {
  return mean_of_last(curve, &evaluation_point::eval_return);
}

double run_result::final_spread() const {
  return mean_of_last(curve, &evaluation_point::eval_std);
}

double time_to_reach(const std::vector<evaluation_point>& curve, double target) {
  for (const auto& p : curve)
    if (p.eval_return >= target) return p.time;
  return NAN;
}

std::vector<evaluation_point> read_curve(const std::filesystem::path& csv) {
  std::vector<evaluation_point> curve;
  std::ifstream in(csv);
  std::string line, cell;
  std::getline(in, line);
  std::vector<std::string> names;
  for (std::stringstream header(line); std::getline(header, cell, ',');) names.push_back(cell);
  const auto column = [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) - names.begin();
  };
  const auto time = column("time"), steps = column("env_steps"), mean = column("eval_return"),
             spread = column("eval_return_std");
  if (std::max({time, steps, mean}) >= long(names.size()))
    throw std::runtime_error(csv.string() + " lacks the time, env_steps or eval_return column");
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    for (std::stringstream row(line); std::getline(row, cell, ',');) cells.push_back(cell);
    if (cells.size() < names.size()) continue;  // a row cut short by a kill
    curve.push_back({std::stod(cells[time]), std::stod(cells[steps]), std::stod(cells[mean]),
                     spread < long(names.size()) ? std::stod(cells[spread]) : NAN});
  }
  return curve;
}

}  // namespace amb::bench
