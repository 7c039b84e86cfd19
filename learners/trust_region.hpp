#pragma once

// A TRPO step (Schulman et al. 2015) on any surrogate objective whose parameters are a policy's:
// the Gaussian MLP's own θ on samples (learners/trpo.hpp), or MB-MPO's meta-policy θ through
// its inner adaptation steps (learners/mb_mpo/). The objective and the KL are sums of pieces
// that are differentiated at once, one a compute thread (learners/compute_threads.hpp).

#include <torch/types.h>

#include <cstddef>
#include <functional>
#include <vector>

#include "learners/metrics.hpp"
#include "learners/trpo_config.hpp"

namespace amb::learners {

struct trust_region_piece {
  torch::Tensor surrogate;  // this piece's share of the objective to maximise (shares sum to it)
  torch::Tensor kl;         // its share of the mean KL(policy before the step || policy now)
};

struct trust_region_problem {
  std::vector<torch::Tensor> parameters;  // what the step changes, in place
  size_t pieces = 1;                      // at most compute_threads()
  /// Piece i at the parameters' current values. Called with gradients recorded to find the
  /// direction, and under a NoGradGuard in the line search.
  std::function<trust_region_piece(size_t)> evaluate;
  /// Piece i's Fisher-vector product v -> F_i v at the current parameters (the Hessian of its
  /// KL share), built once per step on piece i's thread: the Gaussian policy's closed form
  /// (learners/gaussian_fisher.hpp), through MB-MPO's inner steps J^T F' J.
  std::function<std::function<torch::Tensor(const torch::Tensor&)>(size_t)> fisher_product_of;
};

/// Natural gradient by conjugate gradient on the problem's Fisher-vector products, scaled to the KL
/// bound, then a backtracking line search that accepts the first step improving the surrogate
/// within max_kl. Leaves the parameters unchanged when no step qualifies. Throws std::runtime_error
/// (with the parameters restored) when the surrogate or the parameters become NaN/Inf.
metrics trust_region_step(const trust_region_problem& problem, const trpo_config& config);

}  // namespace amb::learners
