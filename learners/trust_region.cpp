#include "learners/trust_region.hpp"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

#include "learners/compute_threads.hpp"
#include "learners/conjugate_gradient.hpp"
#include "learners/flat_parameters.hpp"
#include "learners/stopwatch.hpp"

namespace amb::learners {

namespace {

// The surrogate and the KL over all pieces, without gradients: a point of the line search.
std::pair<double, double> values_at(const trust_region_problem& problem) {
  torch::NoGradGuard no_grad;
  double surrogate = 0, kl = 0;
  for (size_t i = 0; i < problem.pieces; ++i) {
    const auto piece = problem.evaluate(i);
    surrogate += piece.surrogate.item<double>();
    kl += piece.kl.item<double>();
  }
  return {surrogate, kl};
}

}  // namespace

metrics trust_region_step(const trust_region_problem& problem, const trpo_config& config) {
  stopwatch clock;
  const auto& params = problem.parameters;
  const auto old_params = flatten(params).detach().clone();

  // Per piece, on its own thread: the surrogate's gradient and the Fisher-vector product.
  std::vector<double> losses(problem.pieces);
  std::vector<torch::Tensor> gradients(problem.pieces);
  std::vector<std::function<torch::Tensor(const torch::Tensor&)>> products(problem.pieces);
  run_pieces(problem.pieces, [&](size_t i) {
    const auto piece = problem.evaluate(i);
    gradients[i] = flatten(torch::autograd::grad({piece.surrogate}, params));
    losses[i] = piece.surrogate.item<double>();
    products[i] = problem.fisher_product_of(i);
  });
  double old_loss = 0;
  for (const double loss : losses) old_loss += loss;
  if (!std::isfinite(old_loss)) throw std::runtime_error("TRPO: surrogate loss is not finite");
  auto gradient = gradients[0];
  for (size_t i = 1; i < problem.pieces; ++i) gradient = gradient + gradients[i];

  // Fisher-vector product: the Hessian of the KL at the old policy times v. The KL is a sum of
  // the pieces' shares, so its Hessian is the sum of theirs.
  auto fisher_product = [&](const torch::Tensor& v) {
    std::vector<torch::Tensor> piece_products(problem.pieces);
    run_pieces(problem.pieces, [&](size_t i) { piece_products[i] = products[i](v); });
    auto hv = config.cg_damping * v;
    for (const auto& product : piece_products) hv += product;
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
    const auto [new_loss, new_kl] = values_at(problem);
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
