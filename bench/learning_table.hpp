#pragma once

#include <string>
#include <vector>

#include "bench/learning_result.hpp"

namespace amb::bench {

/// The learning bench's report in Markdown. `runs` holds, per seed, the asynchronous run and
/// then the sequential one. First a row per run: its wall time against its pure collection time
/// and its final return. Then a row per seed comparing the two: when the asynchronous run first
/// reached the sequential run's final return, as a share of the sequential wall time (the
/// issue's target), and, since that return may lie beyond the asynchronous run's reach, when
/// each run first reached the lower of the two final returns.
std::string learning_tables(const std::vector<run_result>& runs);

}  // namespace amb::bench
