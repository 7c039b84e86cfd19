#include "bench/bench_row.hpp"

namespace amb::bench {

bench_row ratio_row(std::string name, double value, std::string baseline_name, double baseline,
                    std::string unit, std::string meaning, std::string target, bool lower_is_better,
                    double bound) {
  const double ratio = value / baseline;
  const bool meets = target.empty() || (lower_is_better ? ratio <= bound : ratio >= bound);
  return {std::move(name),
          value,
          std::move(baseline_name),
          baseline,
          std::move(unit),
          ratio,
          std::move(meaning),
          std::move(target),
          meets};
}

}  // namespace amb::bench
