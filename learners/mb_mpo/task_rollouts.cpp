#include "learners/mb_mpo/task_rollouts.hpp"

#include <torch/torch.h>

#include "learners/gaussian_mlp_module.hpp"
#include "learners/member_selection.hpp"

namespace amb::learners::mb_mpo {

int member_of_task(int task, int members) {
  return task % members;
}

path_batch task_rollouts(imagined_world& world,
                         const std::vector<std::vector<torch::Tensor>>& thetas, int rollouts,
                         int horizon) {
  torch::NoGradGuard no_grad;
  const auto tasks = static_cast<int64_t>(thetas.size());
  const int members = world.model()->config.members;
  std::vector<int64_t> row_members;
  for (int t = 0; t < int(tasks); ++t)
    row_members.insert(row_members.end(), size_t(rollouts), member_of_task(t, members));
  auto selection = member_selection::given(torch::tensor(row_members, torch::kInt64));
  // Every task's policy in one stacked θ, so that a step's actions are one batched forward.
  std::vector<torch::Tensor> stacked;
  for (size_t i = 0; i < thetas.front().size(); ++i) {
    std::vector<torch::Tensor> per_task;
    for (const auto& theta : thetas) per_task.push_back(theta[i].detach());
    stacked.push_back(torch::stack(per_task));
  }
  const int64_t act_dim = stacked.back().size(1);
  const auto spread = torch::exp(stacked.back()).unsqueeze(1);  // [tasks, 1, act_dim]
  auto act = [&](const torch::Tensor& obs, const torch::Tensor& noise) {
    const auto mean = gaussian_mean(stacked, obs.view({tasks, rollouts, -1}));
    return (mean + noise.view({tasks, rollouts, act_dim}) * spread).view({-1, act_dim});
  };
  return world.imagine(act, int(act_dim), world.draw_start_states(tasks * rollouts), horizon,
                       selection);
}

path_batch task_paths(const path_batch& all, int task, int rollouts) {
  const auto rows = [&](const torch::Tensor& t) {
    return t.slice(0, int64_t(task) * rollouts, int64_t(task + 1) * rollouts);
  };
  return {rows(all.observations), rows(all.actions), rows(all.rewards)};
}

}  // namespace amb::learners::mb_mpo
