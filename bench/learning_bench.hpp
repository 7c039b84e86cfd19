#pragma once

#include <string>

namespace amb::bench {

struct learning_bench_options {
  bool quick = false;   // 1 seed and 4000 steps instead of 3 seeds and 50000 steps
  std::string out_dir;  // where the runs, the table and the plot go
};

/// `amb bench learning`: asynchronous and sequential ME-TRPO on HalfCheetah (200-step
/// episodes, collection paced at 0.05 s a step as in the asynchronous MB-RL paper), per seed.
/// Writes every run folder, learning_bench.md (the table) and learning_curves.png under
/// out_dir, and prints the table. Returns the process exit code.
int run_learning_bench(const learning_bench_options& options);

}  // namespace amb::bench
