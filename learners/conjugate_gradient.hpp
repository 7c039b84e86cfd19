#pragma once

#include <torch/types.h>

#include <functional>

namespace amb::learners {

/// Solves A x = b for a symmetric positive definite A given only as the product v -> A v
/// (TRPO's Fisher-vector product), by at most `iterations` conjugate gradient steps; stops early
/// once the squared residual falls below `tolerance`. b: [n] in, x: [n] out.
torch::Tensor conjugate_gradient(const std::function<torch::Tensor(const torch::Tensor&)>& product,
                                 const torch::Tensor& b, int iterations = 10,
                                 double tolerance = 1e-10);

}  // namespace amb::learners
