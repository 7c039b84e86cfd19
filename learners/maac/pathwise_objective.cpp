#include "learners/maac/pathwise_objective.hpp"

#include <torch/torch.h>

namespace amb::learners::maac {

pathwise_value pathwise_objective(const pathwise_world& world, const torch::Tensor& start_states,
                                  const pathwise_settings& settings) {
  auto obs = start_states;
  auto objective = torch::zeros({start_states.size(0)}, start_states.options());
  // alive[n]: no terminal state yet on path n, as a weight.
  auto alive = torch::ones_like(objective);
  double weight = 1;  // γ^t
  pathwise_value out;
  for (int t = 0;; ++t) {
    const auto sample = world.act(obs);
    if (t == 0) out.log_prob = sample.log_prob;
    const auto entropy_bonus = -settings.temperature * sample.log_prob;
    if (t == settings.horizon) {
      objective = objective + weight * alive * (world.value(obs, sample.action) + entropy_bonus);
      break;
    }
    const auto next = world.step(obs, sample.action);
    const auto reward = world.reward(obs, sample.action, next);
    objective = objective + weight * alive * (reward + entropy_bonus);
    alive = alive * (1 - world.terminal(obs, sample.action, next).to(alive.scalar_type()));
    weight *= settings.discount;
    obs = next;
  }
  out.objective = objective;
  out.final_states = obs.detach();
  return out;
}

}  // namespace amb::learners::maac
