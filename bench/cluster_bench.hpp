#pragma once

#include <string>
#include <vector>

#include "bench/runtime_bench.hpp"

namespace amb::bench {

struct cluster_bench_options {
  int collectors = 4;       // N, in each of the two runs
  double seconds = 20;      // wall budget of each run
  double pace_seconds = 0;  // minimum wall seconds per env step; 0: as fast as the CPUs allow
  std::string out_dir;      // the two run folders and the processes' output
};

/// `amb bench cluster`: the same recorded run twice, model-free TRPO on the reacher with N
/// unpaced collectors. First with the collectors in the run's own process (the baseline), then
/// with `amb node --local policy` and the N collectors attached by `amb attach` from a second
/// process over loopback. Both runs are timed from their message logs on the node's clock:
/// env steps stored per second, and the time from the policy server storing a θ until all N
/// collectors act with it. Prints progress to stderr.
std::vector<bench_row> run_cluster_bench(const cluster_bench_options& options);

}  // namespace amb::bench
