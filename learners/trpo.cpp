#include "learners/trpo.hpp"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

#include "learners/compute_threads.hpp"
#include "learners/conjugate_gradient.hpp"
#include "learners/piecewise_gradients.hpp"
#include "learners/stopwatch.hpp"

namespace amb::learners {

metrics trpo_step(gaussian_mlp_module& policy, const torch::Tensor& obs, const torch::Tensor& act,
                  const torch::Tensor& advantages, const trpo_config& config) {
  stopwatch clock;
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
  // Both a mean over the samples [begin, end).
  auto surrogate = [&](int64_t begin, int64_t end) {
    const auto rows = [&](const torch::Tensor& t) { return t.slice(0, begin, end); };
    return (torch::exp(policy->log_prob(rows(obs), rows(act)) - rows(old_log_prob)) * rows(adv))
        .mean();
  };
  auto kl = [&](int64_t begin, int64_t end) {
    return mean_gaussian_kl(old_mean.slice(0, begin, end), old_log_std,
                            policy->mean(obs.slice(0, begin, end)), policy->log_std);
  };
  const int64_t samples = obs.size(0);
  constexpr int64_t grain = 2000;  // samples a compute thread takes at least

  const auto surrogate_gradient = piecewise_gradients(samples, grain, params, surrogate);
  const double old_loss = surrogate_gradient.loss;
  if (!std::isfinite(old_loss)) throw std::runtime_error("TRPO: surrogate loss is not finite");
  const auto gradient = flatten(surrogate_gradient.gradients);

  // Fisher-vector product: the Hessian of the KL at the old policy times v, by double backprop,
  // on pieces of the samples at once, one a compute thread. The KL is a mean over samples, so
  // its Hessian is the sum of the pieces' Hessians, each weighted by its share of the samples.
  const auto pieces = split_range(samples, grain);
  std::vector<torch::Tensor> kl_gradients(pieces.size());
  run_pieces(pieces.size(), [&](size_t i) {
    const auto [begin, end] = pieces[i];
    const double share = static_cast<double>(end - begin) / static_cast<double>(samples);
    kl_gradients[i] = flatten(torch::autograd::grad({kl(begin, end) * share}, params, {},
                                                    /*retain_graph=*/true, /*create_graph=*/true));
  });
  auto fisher_product = [&](const torch::Tensor& v) {
    std::vector<torch::Tensor> products(pieces.size());
    run_pieces(pieces.size(), [&](size_t i) {
      products[i] = flatten(torch::autograd::grad({(kl_gradients[i] * v).sum()}, params, {}, true));
    });
    auto hv = config.cg_damping * v;
    for (const auto& product : products) hv += product;
    return hv;
  };
  const auto direction = conjugate_gradient(fisher_product, gradient, config.cg_iterations);
  const double curvature = direction.dot(fisher_product(direction)).item<double>();
  // The step that reaches the KL bound under the quadratic approximation: 1/2 s^T F s = δ.
  const double scale = std::sqrt(2 * config.max_kl / std::max(curvature, 1e-12));
  const auto full_step = direction * scale;
  const double expected_gain = gradient.dot(full_step).item<double>();
  const double direction_seconds = clock.lap();

  double fraction = 1.0;
  for (int i = 0; i < config.backtracks; ++i, fraction *= config.backtrack_ratio) {
    assign_flat(params, old_params + fraction * full_step);
    torch::NoGradGuard no_grad;
    const double new_loss = surrogate(0, samples).item<double>();
    const double new_kl = kl(0, samples).item<double>();
    if (!std::isfinite(new_loss) || !std::isfinite(new_kl)) continue;
    if (new_kl <= config.max_kl && new_loss > old_loss) {
      if (!torch::isfinite(flatten(params)).all().item<bool>()) {
        assign_flat(params, old_params);
        throw std::runtime_error("TRPO: the step made the policy parameters non-finite");
      }
      return {{"surrogate_before", old_loss},
              {"surrogate_after", new_loss},
              {"kl", new_kl},
              {"step_fraction", fraction},
              {"expected_gain", expected_gain},
              {"accepted", 1},
              {"direction_seconds", direction_seconds},
              {"line_search_seconds", clock.lap()}};
    }
  }
  assign_flat(params, old_params);
  return {{"surrogate_before", old_loss},
          {"surrogate_after", old_loss},
          {"kl", 0},
          {"step_fraction", 0},
          {"expected_gain", expected_gain},
          {"accepted", 0},
          {"direction_seconds", direction_seconds},
          {"line_search_seconds", clock.lap()}};
}

}  // namespace amb::learners
