#pragma once

// The gradient of a loss that is a mean over the rows of a batch, computed on pieces of the
// rows at once, one a compute thread (learners/compute_threads.hpp): what lets one learner use
// more than one core on the element-wise work and small GEMMs that one LibTorch call would do
// on one.

#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace amb::learners {

struct loss_and_gradients {
  double loss;                           // the mean over all rows
  std::vector<torch::Tensor> gradients;  // one for each parameter, as torch::autograd::grad
};

/// loss_of(begin, end) is the loss of rows [begin, end) of a batch of n rows, a mean over those
/// rows. Its gradients with respect to `parameters` over all n rows: the pieces' (split_range of
/// n, at least `grain` rows each), each weighted by its share of the rows, summed. With one
/// compute thread, exactly loss_of(0, n) and its gradients.
loss_and_gradients piecewise_gradients(
    int64_t n, int64_t grain, const std::vector<torch::Tensor>& parameters,
    const std::function<torch::Tensor(int64_t, int64_t)>& loss_of);

/// Sets each parameter's .grad to the matching gradient, for an optimiser's step.
void set_gradients(const std::vector<torch::Tensor>& parameters,
                   const std::vector<torch::Tensor>& gradients);

}  // namespace amb::learners
