#include "learners/naf/imagination_rollouts.hpp"

#include <torch/torch.h>

namespace amb::learners::naf {

action_bounds::action_bounds(const envs::env_info& info)
    : low(torch::tensor(info.act_low)),
      high(torch::tensor(info.act_high)),
      half_range((high - low) / 2) {}

torch::Tensor exploring_action(const torch::Tensor& greedy, const torch::Tensor& noise,
                               const action_bounds& bounds, double exploration_noise) {
  return torch::max(torch::min(greedy + exploration_noise * bounds.half_range * noise, bounds.high),
                    bounds.low);
}

transitions imagination_rollouts(normalized_q& q, const linear_gaussian_dynamics& models,
                                 const envs::environment& task, const timed_states& starts,
                                 const rollout_options& options, at::Generator& generator) {
  torch::NoGradGuard no_grad;
  const auto& info = task.info();
  const action_bounds bounds(info);
  auto obs = starts.obs, step = starts.step;
  std::vector<transitions> steps;
  for (int k = 0; k < options.length; ++k) {
    const auto alive = step.lt(models.horizon()).nonzero().squeeze(1);
    if (alive.numel() == 0) break;
    obs = obs.index_select(0, alive);
    step = step.index_select(0, alive);
    const auto noise = torch::randn({obs.size(0), info.act_dim}, generator);
    auto act = exploring_action(q->greedy_action(obs), noise, bounds, options.exploration_noise);
    auto next = models.sample_next(obs, act, step, options.model_noise, generator);
    if (options.low.defined()) next = torch::max(torch::min(next, options.high), options.low);
    if (options.max_deviation > 0) {
      // A state after the last step has no model to leave; the others must stay in range.
      const auto next_step = (step + 1).clamp_max(models.horizon() - 1);
      const auto inside = models.deviation(next, next_step)
                              .le(options.max_deviation)
                              .logical_or(step + 1 >= models.horizon())
                              .nonzero()
                              .squeeze(1);
      obs = obs.index_select(0, inside);
      step = step.index_select(0, inside);
      act = act.index_select(0, inside);
      next = next.index_select(0, inside);
      if (obs.size(0) == 0) break;
    }
    const auto terminal = task.terminal_tensor(obs, act, next);
    steps.push_back(
        {obs, act, task.reward_tensor(obs, act, next), next, terminal.to(torch::kFloat32)});
    // No transition follows a terminal state.
    const auto going_on = terminal.logical_not().nonzero().squeeze(1);
    obs = next.index_select(0, going_on);
    step = step.index_select(0, going_on) + 1;
  }
  if (steps.empty())
    return {torch::zeros({0, info.obs_dim}), torch::zeros({0, info.act_dim}), torch::zeros({0}),
            torch::zeros({0, info.obs_dim}), torch::zeros({0})};
  return concatenated(steps);
}

transitions imagination_rollouts_by_mode(normalized_q& q, const local_models_parameters& phi,
                                         const envs::environment& task, const timed_states& starts,
                                         const rollout_options& options, at::Generator& generator) {
  const auto mode = phi.nearest_mode(starts.obs, starts.step);
  std::vector<transitions> each;
  for (int m = 0; m < phi.modes(); ++m) {
    const auto picked = mode.eq(m).nonzero().squeeze(1);
    if (picked.numel() == 0) continue;
    each.push_back(imagination_rollouts(
        q, phi.dynamics(m), task,
        {starts.obs.index_select(0, picked), starts.step.index_select(0, picked)}, options,
        generator));
  }
  if (each.empty())  // no starts at all: the empty batch of the right widths
    return imagination_rollouts(q, phi.dynamics(), task, starts, options, generator);
  return concatenated(each);
}

}  // namespace amb::learners::naf
