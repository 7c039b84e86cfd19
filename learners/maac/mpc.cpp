#include "learners/maac/mpc.hpp"

#include <torch/torch.h>

#include "learners/maac/cem.hpp"

namespace amb::learners::maac {

torch::Tensor planned_action(networks& nets, const envs::environment& task,
                             const torch::Tensor& obs, const mpc_settings& mpc, double discount,
                             at::Generator& generator) {
  torch::NoGradGuard no_grad;
  const int64_t population = mpc.population;
  const auto members = torch::arange(population, torch::kInt64) % nets.model->config.members;
  const auto starts = obs.reshape({1, -1}).expand({population, obs.numel()});
  const int act_dim = nets.policy->act_dim;

  auto first_plans = torch::empty({population, mpc.horizon, act_dim});
  auto state = starts;
  for (int t = 0; t < mpc.horizon; ++t) {
    const auto act =
        nets.policy->sample(state, torch::randn({population, act_dim}, generator)).action;
    first_plans.select(1, t).copy_(act);
    state = nets.model->predict(state, act, members);
  }

  const auto score = [&](const torch::Tensor& plans) {
    auto s = starts;
    auto total = torch::zeros({population});
    auto alive = torch::ones({population});
    double weight = 1;
    for (int t = 0; t < mpc.horizon; ++t) {
      const auto act = plans.select(1, t);
      const auto next = nets.model->predict(s, act, members);
      total += weight * alive * task.reward_tensor(s, act, next);
      alive = alive * (1 - task.terminal_tensor(s, act, next).to(torch::kFloat32));
      weight *= discount;
      s = next;
    }
    return total + weight * alive * nets.critic->min_value(s, nets.policy->mean_action(s));
  };
  const auto plan = cross_entropy_plan(score, first_plans, torch::tensor(task.info().act_low),
                                       torch::tensor(task.info().act_high),
                                       {mpc.elites, mpc.iterations}, generator);
  return plan[0];
}

}  // namespace amb::learners::maac
