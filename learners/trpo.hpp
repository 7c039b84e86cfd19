#pragma once

#include <torch/types.h>

#include "learners/gaussian_mlp_module.hpp"
#include "learners/metrics.hpp"

namespace amb::learners {

struct trpo_config {
  double max_kl = 0.01;  // δ: mean KL(old || new) allowed per step
  int cg_iterations = 10;
  double cg_damping = 1e-5;  // added to the Fisher-vector product: (F + damping I) v
  int backtracks = 15;       // line search steps, each shrinking the step by backtrack_ratio
  double backtrack_ratio = 0.8;
};

/// One TRPO step (Schulman et al. 2015) on samples obs [M, obs_dim], act [M, act_dim] with
/// advantages [M]: natural gradient by conjugate gradient on Fisher-vector products, scaled to
/// the KL bound, then a backtracking line search that accepts the first step improving the
/// surrogate within max_kl. Leaves the policy unchanged when no step qualifies. Throws
/// std::runtime_error (with the policy restored) when the loss or the parameters become NaN/Inf.
metrics trpo_step(gaussian_mlp_module& policy, const torch::Tensor& obs, const torch::Tensor& act,
                  const torch::Tensor& advantages, const trpo_config& config);

}  // namespace amb::learners
