#include "learners/naf/q_learning.hpp"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

namespace amb::learners::naf {

torch::Tensor q_targets(normalized_q& q, const transitions& batch, double discount) {
  return batch.reward + discount * (1 - batch.terminal) * q->target_state_value(batch.next_obs);
}

q_step_result q_learning_step(normalized_q& q, torch::optim::Adam& adam, const transitions& batch,
                              const q_step_options& options) {
  const auto target = q_targets(q, batch, options.discount);
  const auto predicted = q->value(batch.obs, batch.act);
  const auto loss = (predicted - target).pow(2).mean();
  const double value = loss.item<double>();
  if (!std::isfinite(value)) {
    auto rows_not_finite = [](const torch::Tensor& t) {
      return std::to_string((~torch::isfinite(t)).sum().item<int64_t>());
    };
    throw std::runtime_error(
        "NAF learner: the Bellman error is not finite (NaN or Inf in the data, the local models "
        "or θ): Q not finite in " +
        rows_not_finite(predicted) + " of " + std::to_string(predicted.size(0)) +
        " rows, targets in " + rows_not_finite(target) + ", largest |Q| " +
        std::to_string(predicted.abs().max().item<double>()) + ", observations not finite " +
        rows_not_finite(batch.obs) + ", actions " + rows_not_finite(batch.act));
  }
  adam.zero_grad();
  loss.backward();
  if (options.max_gradient_norm > 0)
    torch::nn::utils::clip_grad_norm_(q->sections().tensors, options.max_gradient_norm);
  adam.step();
  q->soft_update(options.tau);
  return {value, target.mean().item<double>()};
}

}  // namespace amb::learners::naf
