#include "learners/trpo.hpp"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

#include "learners/conjugate_gradient.hpp"

namespace amb::learners {

metrics trpo_step(gaussian_mlp_module& policy, const torch::Tensor& obs, const torch::Tensor& act,
                  const torch::Tensor& advantages, const trpo_config& config) {
  const auto& params = policy->ordered_parameters();
  const auto old_params = flatten(params).detach().clone();
  torch::Tensor old_mean, old_log_std, old_log_prob;
  {
    torch::NoGradGuard no_grad;
    old_mean = policy->mean(obs);
    old_log_std = policy->log_std.clone();
    old_log_prob = policy->log_prob(obs, act);
  }
  const auto adv = (advantages - advantages.mean()) / (advantages.std() + 1e-8);
  auto surrogate = [&] {
    return (torch::exp(policy->log_prob(obs, act) - old_log_prob) * adv).mean();
  };
  auto kl = [&] {
    return mean_gaussian_kl(old_mean, old_log_std, policy->mean(obs), policy->log_std);
  };

  const auto loss = surrogate();
  if (!std::isfinite(loss.item<double>()))
    throw std::runtime_error("TRPO: surrogate loss is not finite");
  const auto gradient = flatten(torch::autograd::grad({loss}, params));

  // Fisher-vector product: the Hessian of the KL at the old policy times v, by double backprop.
  const auto kl_gradient = flatten(torch::autograd::grad({kl()}, params, {}, /*retain_graph=*/true,
                                                         /*create_graph=*/true));
  auto fisher_product = [&](const torch::Tensor& v) {
    const auto hv = flatten(torch::autograd::grad({(kl_gradient * v).sum()}, params, {}, true));
    return hv + config.cg_damping * v;
  };
  const auto direction = conjugate_gradient(fisher_product, gradient, config.cg_iterations);
  const double curvature = direction.dot(fisher_product(direction)).item<double>();
  // The step that reaches the KL bound under the quadratic approximation: 1/2 s^T F s = δ.
  const double scale = std::sqrt(2 * config.max_kl / std::max(curvature, 1e-12));
  const auto full_step = direction * scale;
  const double expected_gain = gradient.dot(full_step).item<double>();

  const double old_loss = loss.item<double>();
  double fraction = 1.0;
  for (int i = 0; i < config.backtracks; ++i, fraction *= config.backtrack_ratio) {
    assign_flat(params, old_params + fraction * full_step);
    torch::NoGradGuard no_grad;
    const double new_loss = surrogate().item<double>();
    const double new_kl = kl().item<double>();
    if (!std::isfinite(new_loss) || !std::isfinite(new_kl)) continue;
    if (new_kl <= config.max_kl && new_loss > old_loss) {
      if (!torch::isfinite(flatten(params)).all().item<bool>()) {
        assign_flat(params, old_params);
        throw std::runtime_error("TRPO: the step made the policy parameters non-finite");
      }
      return {{"surrogate_before", old_loss}, {"surrogate_after", new_loss},    {"kl", new_kl},
              {"step_fraction", fraction},    {"expected_gain", expected_gain}, {"accepted", 1}};
    }
  }
  assign_flat(params, old_params);
  return {{"surrogate_before", old_loss}, {"surrogate_after", old_loss},    {"kl", 0},
          {"step_fraction", 0},           {"expected_gain", expected_gain}, {"accepted", 0}};
}

}  // namespace amb::learners
