#include "learners/piecewise_gradients.hpp"

#include <torch/torch.h>

#include "learners/compute_threads.hpp"

namespace amb::learners {

loss_and_gradients piecewise_gradients(
    int64_t n, int64_t grain, const std::vector<torch::Tensor>& parameters,
    const std::function<torch::Tensor(int64_t, int64_t)>& loss_of) {
  const auto pieces = split_range(n, grain);
  std::vector<torch::Tensor> losses(pieces.size());
  std::vector<std::vector<torch::Tensor>> gradients(pieces.size());
  run_pieces(pieces.size(), [&](size_t i) {
    const auto [begin, end] = pieces[i];
    auto loss = loss_of(begin, end);
    if (pieces.size() > 1) loss = loss * (static_cast<double>(end - begin) / n);
    gradients[i] = torch::autograd::grad({loss}, parameters);
    losses[i] = loss.detach();
  });
  loss_and_gradients total{losses[0].item<double>(), gradients[0]};
  for (size_t i = 1; i < pieces.size(); ++i) {
    total.loss += losses[i].item<double>();
    for (size_t p = 0; p < parameters.size(); ++p) total.gradients[p] += gradients[i][p];
  }
  return total;
}

void set_gradients(const std::vector<torch::Tensor>& parameters,
                   const std::vector<torch::Tensor>& gradients) {
  for (size_t p = 0; p < parameters.size(); ++p) {
    auto parameter = parameters[p];  // a handle on the same tensor
    parameter.mutable_grad() = gradients[p];
  }
}

}  // namespace amb::learners
