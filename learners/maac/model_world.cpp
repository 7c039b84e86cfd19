#include "learners/maac/model_world.hpp"

#include <torch/torch.h>

namespace amb::learners::maac {

pathwise_world model_world(networks& nets, const envs::environment& task, at::Generator& generator,
                           critic_values values) {
  pathwise_world world;
  world.step = [&nets, &generator](const torch::Tensor& obs, const torch::Tensor& act) {
    const auto rows = obs.size(0);
    const auto members =
        torch::randint(nets.model->config.members, {rows}, generator, torch::kInt64);
    const auto noise = torch::randn(obs.sizes(), generator, obs.options());
    return nets.model->sample(obs, act, members, noise);
  };
  world.reward = [&task](const torch::Tensor& obs, const torch::Tensor& act,
                         const torch::Tensor& next_obs) {
    return task.reward_tensor(obs, act, next_obs);
  };
  world.terminal = [&task](const torch::Tensor& obs, const torch::Tensor& act,
                           const torch::Tensor& next_obs) {
    return task.terminal_tensor(obs, act, next_obs);
  };
  if (values == critic_values::online)
    world.value = [&nets](const torch::Tensor& obs, const torch::Tensor& act) {
      return nets.critic->min_value(obs, act);
    };
  else
    world.value = [&nets](const torch::Tensor& obs, const torch::Tensor& act) {
      return nets.critic->min_target(obs, act);
    };
  world.act = [&nets, &generator](const torch::Tensor& obs) {
    const auto noise = torch::randn({obs.size(0), nets.policy->act_dim}, generator, obs.options());
    return nets.policy->sample(obs, noise);
  };
  return world;
}

}  // namespace amb::learners::maac
