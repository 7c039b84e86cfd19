#include "learners/naf/recent_episodes.hpp"

#include <torch/torch.h>

namespace amb::learners::naf {

recent_episodes::recent_episodes(int obs_dim, int act_dim, size_t capacity)
    : obs_dim_(obs_dim), act_dim_(act_dim), capacity_(capacity) {}

void recent_episodes::add(const episode_view& e) {
  const auto n = static_cast<int64_t>(e.length);
  if (n == 0) return;
  episodes_.push_back(
      {torch::from_blob(const_cast<float*>(e.observations), {n + 1, obs_dim_}).clone(),
       torch::from_blob(const_cast<float*>(e.actions), {n, act_dim_}).clone()});
  while (episodes_.size() > capacity_) episodes_.pop_front();
}

size_t recent_episodes::steps() const {
  size_t total = 0;
  for (const auto& e : episodes_) total += static_cast<size_t>(e.act.size(0));
  return total;
}

timed_states recent_episodes::draw(int64_t n, at::Generator& generator) const {
  std::vector<torch::Tensor> obs, steps;
  for (const auto& e : episodes_) {
    const auto length = e.act.size(0);
    obs.push_back(e.obs.narrow(0, 0, length));
    steps.push_back(torch::arange(length, torch::kInt64));
  }
  const auto all_obs = torch::cat(obs), all_steps = torch::cat(steps);
  const auto picks = torch::randint(all_obs.size(0), {n}, generator, torch::kInt64);
  return {all_obs.index_select(0, picks), all_steps.index_select(0, picks)};
}

}  // namespace amb::learners::naf
