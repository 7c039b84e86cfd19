#include "bench/learning_result.hpp"

#include <algorithm>
#include <cmath>

namespace amb::bench {

double run_result::final_return() const {
  if (curve.empty()) return NAN;
  const size_t n = std::min(final_evaluations, curve.size());
  double sum = 0;
  for (size_t i = curve.size() - n; i < curve.size(); ++i) sum += curve[i].eval_return;
  return sum / n;
}

double time_to_reach(const std::vector<evaluation_point>& curve, double target) {
  for (const auto& p : curve)
    if (p.eval_return >= target) return p.time;
  return NAN;
}

}  // namespace amb::bench
