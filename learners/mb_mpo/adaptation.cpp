#include "learners/mb_mpo/adaptation.hpp"

#include <torch/torch.h>

#include "learners/flat_parameters.hpp"
#include "learners/gaussian_fisher.hpp"
#include "learners/gaussian_mlp_module.hpp"

namespace amb::learners::mb_mpo {

namespace {

// A flat vector cut into tensors shaped as `like`, for grad_outputs.
std::vector<torch::Tensor> shaped_like(const torch::Tensor& flat,
                                       const std::vector<torch::Tensor>& like) {
  std::vector<torch::Tensor> pieces;
  int64_t offset = 0;
  for (const auto& t : like) {
    pieces.push_back(flat.slice(0, offset, offset + t.numel()).view(t.sizes()));
    offset += t.numel();
  }
  return pieces;
}

}  // namespace

task_samples samples_of(const path_batch& paths, const std::vector<torch::Tensor>& theta,
                        const advantage_config& advantage) {
  torch::NoGradGuard no_grad;
  const auto returns = estimate_advantages(paths, torch::zeros_like(paths.rewards), advantage);
  linear_feature_baseline baseline;
  baseline.fit(paths, returns.returns);
  const auto adv = estimate_advantages(paths, baseline.predict(paths), advantage).advantages;
  const int64_t obs_dim = paths.observations.size(2), act_dim = paths.actions.size(2);
  task_samples s;
  s.obs = paths.observations.slice(1, 0, -1).reshape({-1, obs_dim});
  s.act = paths.actions.reshape({-1, act_dim});
  s.advantages = ((adv - adv.mean()) / (adv.std() + 1e-8)).reshape({-1});
  s.old_log_prob = gaussian_log_prob(theta, s.obs, s.act);
  return s;
}

torch::Tensor likelihood_ratio_objective(const std::vector<torch::Tensor>& theta,
                                         const task_samples& samples) {
  const auto log_prob = gaussian_log_prob(theta, samples.obs, samples.act);
  return (torch::exp(log_prob - samples.old_log_prob) * samples.advantages).mean();
}

std::vector<torch::Tensor> adapt(const std::vector<torch::Tensor>& theta,
                                 const std::vector<task_samples>& steps, double inner_lr,
                                 meta_gradient_order order) {
  // Under a caller's NoGradGuard θ' is only a value (a line search's point).
  bool through_theta = false;
  if (torch::GradMode::is_enabled())
    for (const auto& t : theta) through_theta = through_theta || t.requires_grad();
  torch::AutoGradMode record(true);
  const bool second_order = through_theta && order == meta_gradient_order::exact;
  auto current = theta;
  for (const auto& samples : steps) {
    // Where the inner gradient is a constant, it is taken at a detached copy of θ_j.
    auto point = current;
    if (!second_order)
      for (auto& t : point) t = t.detach().requires_grad_();
    const auto gradients = torch::autograd::grad({likelihood_ratio_objective(point, samples)},
                                                 point, {}, second_order, second_order);
    for (size_t i = 0; i < current.size(); ++i) {
      current[i] = current[i] + inner_lr * gradients[i];
      if (!through_theta) current[i] = current[i].detach();  // θ may record, unwanted here
    }
  }
  return current;
}

std::function<torch::Tensor(const torch::Tensor&)> adapted_fisher_product(
    const std::vector<torch::Tensor>& theta, const std::vector<torch::Tensor>& adapted,
    const std::vector<task_samples>& steps, double inner_lr, meta_gradient_order order,
    const torch::Tensor& obs, int64_t stride) {
  const auto fisher = gaussian_fisher_product(adapted, obs.slice(0, 0, obs.size(0), stride));
  if (order == meta_gradient_order::first_order) return fisher;
  torch::AutoGradMode record(true);
  std::vector<task_samples> rows;
  for (const auto& samples : steps) rows.push_back(every_nth_row(samples, stride));
  // θ'(θ) through the inner steps on those rows, moved to `adapted`: its value is θ'(θ₀) of all
  // the rows, its Jacobian the rows' estimate of J.
  auto through = adapt(theta, rows, inner_lr, order);
  for (size_t i = 0; i < through.size(); ++i)
    through[i] = adapted[i].detach() + (through[i] - through[i].detach());
  // J^T u by backprop through θ'(θ); J v by differentiating J^T u, linear in u, in u.
  const auto u =
      torch::zeros({int64_t(value_count(theta))}, theta.front().options()).requires_grad_();
  const auto jt_u =
      flatten(torch::autograd::grad(through, theta, shaped_like(u, theta), true, true));
  return [theta, through, u, jt_u, fisher](const torch::Tensor& v) {
    const auto jv = torch::autograd::grad({jt_u}, {u}, {v}, true)[0];
    return flatten(torch::autograd::grad(through, theta, shaped_like(fisher(jv), theta), true));
  };
}

task_samples every_nth_row(const task_samples& samples, int64_t stride) {
  const auto rows = [stride](const torch::Tensor& t) { return t.slice(0, 0, t.size(0), stride); };
  return {rows(samples.obs), rows(samples.act), rows(samples.advantages),
          rows(samples.old_log_prob)};
}

task_samples pooled(const std::vector<task_samples>& tasks) {
  std::vector<torch::Tensor> obs, act, adv, old;
  for (const auto& t : tasks) {
    obs.push_back(t.obs);
    act.push_back(t.act);
    adv.push_back(t.advantages);
    old.push_back(t.old_log_prob);
  }
  return {torch::cat(obs), torch::cat(act), torch::cat(adv), torch::cat(old)};
}

}  // namespace amb::learners::mb_mpo
