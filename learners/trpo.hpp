#pragma once

#include <torch/types.h>

#include "learners/gaussian_mlp_module.hpp"
#include "learners/metrics.hpp"
#include "learners/trpo_config.hpp"

namespace amb::learners {

/// One TRPO step (Schulman et al. 2015) on samples obs [M, obs_dim], act [M, act_dim] with
/// advantages [M]: natural gradient by conjugate gradient on Fisher-vector products, scaled to
/// the KL bound, then a backtracking line search that accepts the first step improving the
/// surrogate within max_kl. Leaves the policy unchanged when no step qualifies. Throws
/// std::runtime_error (with the policy restored) when the loss or the parameters become NaN/Inf.
metrics trpo_step(gaussian_mlp_module& policy, const torch::Tensor& obs, const torch::Tensor& act,
                  const torch::Tensor& advantages, const trpo_config& config);

}  // namespace amb::learners
