#include "learners/naf/q_learning.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace amb::learners::naf {

value_range discounted_sum_range(double reward_low, double reward_high, double discount) {
  const double horizon = 1 / (1 - discount);  // Σ γ^k over every k
  return {std::min(reward_low, reward_low * horizon), std::max(reward_high, reward_high * horizon)};
}

torch::Tensor q_targets(normalized_q& q, const transitions& batch, double discount,
                        normalized_q* twin, const value_range& next_value_range) {
  auto next_value = q->target_state_value(batch.next_obs);
  if (twin) next_value = torch::min(next_value, (*twin)->target_state_value(batch.next_obs));
  next_value = next_value.clamp(next_value_range.low, next_value_range.high);
  return batch.reward + discount * (1 - batch.terminal) * next_value;
}

q_step_result q_regression_step(normalized_q& q, torch::optim::Adam& adam, const transitions& batch,
                                const torch::Tensor& target, const q_step_options& options) {
  const auto [state_value, penalty] = q->value_parts(batch.obs, batch.act);
  const auto predicted = state_value - penalty;
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
  // The norm is taken in any case: a finite loss can still overflow the gradient to Inf, and
  // that step must fail here, before Adam writes NaN into θ and into its own moments.
  const double max_norm = options.max_gradient_norm > 0 ? options.max_gradient_norm
                                                        : std::numeric_limits<double>::infinity();
  const double norm = torch::nn::utils::clip_grad_norm_(q->sections().tensors, max_norm);
  if (!std::isfinite(norm))
    throw std::runtime_error("NAF learner: the gradient of a finite Bellman error (" +
                             std::to_string(value) + ") is not finite; θ is left as it was");
  adam.step();
  q->soft_update(options.tau);
  return {value, target.mean().item<double>(), state_value.mean().item<double>(),
          penalty.mean().item<double>()};
}

}  // namespace amb::learners::naf
