#include "learners/imagination.hpp"

#include <torch/torch.h>

namespace amb::learners {

path_batch imagine(ensemble_network& model, gaussian_mlp_module& policy,
                   const envs::environment& task, const torch::Tensor& start_states, int horizon,
                   member_selection& members, at::Generator& generator) {
  torch::NoGradGuard no_grad;
  const int64_t n = start_states.size(0);
  std::vector<torch::Tensor> observations{start_states.contiguous()}, actions, rewards;
  auto obs = observations.front();
  for (int t = 0; t < horizon; ++t) {
    const auto noise = torch::randn({n, policy->act_dim}, generator);
    const auto act = (policy->mean(obs) + torch::exp(policy->log_std) * noise).contiguous();
    const auto next = model->predict(obs, act, members.at_step(t, n, generator)).contiguous();
    auto reward = torch::empty({n});
    task.reward_batch(obs.data_ptr<float>(), act.data_ptr<float>(), next.data_ptr<float>(),
                      static_cast<size_t>(n), reward.data_ptr<float>());
    actions.push_back(act);
    rewards.push_back(reward);
    observations.push_back(next);
    obs = next;
  }
  return {torch::stack(observations, 1), torch::stack(actions, 1), torch::stack(rewards, 1)};
}

}  // namespace amb::learners
