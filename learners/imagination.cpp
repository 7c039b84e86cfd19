#include "learners/imagination.hpp"

#include <torch/torch.h>

#include "envs/torch_terms.hpp"

namespace amb::learners {

path_batch imagine(ensemble_network& model, const imagined_actor& act_on, int act_dim,
                   const envs::environment& task, const torch::Tensor& start_states, int horizon,
                   member_selection& members, at::Generator& generator) {
  torch::NoGradGuard no_grad;
  const int64_t n = start_states.size(0), obs_dim = start_states.size(1);
  path_batch paths{torch::empty({n, horizon + 1, obs_dim}), torch::empty({n, horizon, act_dim}),
                   torch::empty({n, horizon})};
  // One step's rows, written into the paths after the step: the batched reward function reads
  // them as contiguous arrays.
  auto obs = start_states.contiguous().clone(), next = torch::empty({n, obs_dim});
  auto noise = torch::empty({n, act_dim}), reward = torch::empty({n});
  paths.observations.select(1, 0).copy_(obs);
  for (int t = 0; t < horizon; ++t) {
    torch::randn_out(noise, {n, act_dim}, generator);
    const auto act = act_on(obs, noise).contiguous();
    model->predict_into(obs, envs::clipped_actions(task.info(), act),
                        members.at_step(t, n, generator), next);
    task.reward_batch(obs.data_ptr<float>(), act.data_ptr<float>(), next.data_ptr<float>(),
                      static_cast<size_t>(n), reward.data_ptr<float>());
    paths.actions.select(1, t).copy_(act);
    paths.rewards.select(1, t).copy_(reward);
    paths.observations.select(1, t + 1).copy_(next);
    std::swap(obs, next);
  }
  return paths;
}

path_batch imagine(ensemble_network& model, gaussian_mlp_module& policy,
                   const envs::environment& task, const torch::Tensor& start_states, int horizon,
                   member_selection& members, at::Generator& generator) {
  torch::NoGradGuard no_grad;
  const auto spread = torch::exp(policy->log_std);
  auto sample = [&](const torch::Tensor& obs, const torch::Tensor& noise) {
    return policy->mean(obs).addcmul_(noise, spread);
  };
  return imagine(model, sample, policy->act_dim, task, start_states, horizon, members, generator);
}

}  // namespace amb::learners
