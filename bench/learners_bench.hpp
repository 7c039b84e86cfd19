#pragma once

#include <string>
#include <vector>

#include "bench/bench_row.hpp"

namespace amb::bench {

struct learners_bench_options {
  std::vector<int> threads{1, 2};  // compute threads of each pass (learners/compute_threads.hpp)
  int repeats = 5;                 // timed repetitions of each figure; the median is reported
  std::string trpo_config = "configs/half_cheetah_async_me_trpo.json";
  std::string ppo_config = "configs/half_cheetah_async_me_ppo.json";
  std::string mb_mpo_config;  // when set, MB-MPO's epoch and meta-step too (minutes, not seconds)
};

/// `amb bench learners`: the learners' computations on HalfCheetah against the faster of two raw
/// GEMMs (LibTorch's OpenBLAS bmm, oneDNN's sgemm) of the ensemble's own layer shapes measured
/// in the same run, for each thread count: the two libraries against each other, one ensemble
/// epoch, imagined steps per second, one TRPO and one PPO policy step split into their phases,
/// and the speed-up of each thread count over the first. Prints progress lines to stderr.
std::vector<bench_row> run_learners_bench(const learners_bench_options& options);

}  // namespace amb::bench
