#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace amb::bench {

struct learning_bench_options {
  bool quick = false;           // 4000 steps and seed 1 instead of the configs' budget, seeds 1-3
  std::vector<uint64_t> seeds;  // instead of the default seeds
  std::string algorithm = "me_trpo";  // configs/half_cheetah_<mode>_<algorithm>.json
  std::string out_dir;                // where the runs, the table and the plot go
};

/// `amb bench learning`: asynchronous and sequential runs of one algorithm on HalfCheetah per
/// seed, each `amb run configs/half_cheetah_<mode>_<algorithm>.json` (200-step episodes, collection
/// paced at 0.05 s a step as in the asynchronous MB-RL paper). Writes every run folder (reusing
/// those already finished there), learning_bench.md (the table) and learning_curves.png under
/// out_dir, and prints the table. Returns the process exit code. Run from the repository root.
int run_learning_bench(const learning_bench_options& options);

}  // namespace amb::bench
