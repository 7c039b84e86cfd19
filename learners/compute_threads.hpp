#pragma once

namespace amb::learners {

/// Threads each LibTorch operation may use, on the calling thread (OpenMP's setting is per
/// thread: call it on each learner's own thread) and in OpenBLAS's pool. The actors already run the
/// learners in parallel; on a small machine per-operation threads only compete with them
/// (measured on 2 cores, HalfCheetah async ME-TRPO for 60 s: 50 policy steps with 1 thread
/// against 11 with LibTorch's default of 2, and slightly more model epochs).
void set_compute_threads(int threads);

}  // namespace amb::learners
