#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace amb::learners {

/// The cores one learner computes on, set on the learner's own thread: the calling thread and
/// threads - 1 helpers, which run_pieces gives each a piece of the work (the rows of a batch,
/// the columns of a layer). LibTorch's OpenMP and OpenBLAS each keep a pool of their own, and
/// both are held to one thread: after an OpenMP region its threads spin, waiting for the next,
/// on the cores OpenBLAS's threads need, and OpenBLAS's threads spin likewise after a GEMM.
/// Measured here with both pools at 2 threads, a [5, 50, 512] x [5, 512, 512] bmm ran at 34
/// GFLOP/s, against 78 with one thread; with OpenBLAS alone at 2 an ME-TRPO policy step gained
/// nothing over one thread, and 1.5x with its work in pieces on our own helpers (amb bench
/// learners). In an asynchronous run the actors already run the learners in parallel, and each
/// keeps to one thread (measured on 2 cores, HalfCheetah async ME-TRPO for 60 s: 50 policy
/// steps with 1 thread against 11 with LibTorch's default of 2).
void set_compute_threads(int threads);

/// OpenBLAS's own pool, process-wide: set_compute_threads holds it to one thread; a benchmark
/// that measures a raw GEMM at its best sets it to the cores it has.
void set_blas_threads(int threads);

/// The calling thread's setting: 1 until set_compute_threads.
int compute_threads();

/// [0, n) cut into at most compute_threads() contiguous pieces [begin, end) of at least `grain`
/// rows each (one piece when n is smaller), the same way for the same n and thread count.
std::vector<std::pair<int64_t, int64_t>> split_range(int64_t n, int64_t grain);

/// Runs piece(0) .. piece(count - 1) at once (count at most compute_threads()): the first on
/// the calling thread, the others on helper threads that the calling thread keeps for such
/// calls. Returns when every piece is done, rethrowing the first exception one threw. The
/// pieces run with the caller's LibTorch thread-local state (gradient mode included). A piece
/// that calls run_pieces runs its own pieces itself.
void run_pieces(size_t count, const std::function<void(size_t)>& piece);

}  // namespace amb::learners
