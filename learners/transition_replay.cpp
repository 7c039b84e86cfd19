#include "learners/transition_replay.hpp"

#include <torch/torch.h>

namespace amb::learners {

transitions concatenated(const std::vector<transitions>& parts) {
  auto column = [&](torch::Tensor transitions::*member) {
    std::vector<torch::Tensor> pieces;
    for (const auto& p : parts) pieces.push_back(p.*member);
    return torch::cat(pieces);
  };
  return {column(&transitions::obs), column(&transitions::act), column(&transitions::reward),
          column(&transitions::next_obs), column(&transitions::terminal)};
}

transition_replay::transition_replay(int obs_dim, int act_dim, int64_t capacity)
    : obs_dim_(obs_dim), act_dim_(act_dim), rows_(2 * obs_dim + act_dim + 2, capacity) {}

void transition_replay::add_episode(const episode_view& e) {
  const auto n = static_cast<int64_t>(e.length);
  if (n == 0) return;
  auto* obs = const_cast<float*>(e.observations);
  const auto states = torch::from_blob(obs, {n + 1, obs_dim_});
  const auto actions = torch::from_blob(const_cast<float*>(e.actions), {n, act_dim_});
  const auto rewards = torch::from_blob(const_cast<float*>(e.rewards), {n, 1});
  auto terminal = torch::zeros({n, 1});
  if (e.terminated) terminal[n - 1] = 1;
  rows_.append(
      torch::cat({states.slice(0, 0, n), actions, rewards, states.slice(0, 1), terminal}, 1));
}

void transition_replay::add(const transitions& b) {
  if (b.obs.size(0) == 0) return;
  rows_.append(
      torch::cat({b.obs, b.act, b.reward.unsqueeze(1), b.next_obs, b.terminal.unsqueeze(1)}, 1));
}

transitions transition_replay::draw(int64_t n, at::Generator& generator) const {
  const auto picks = torch::randint(rows_.size(), {n}, generator, torch::kInt64);
  const auto rows = rows_.rows().index_select(0, picks);
  int64_t at = 0;
  auto take = [&](int64_t width) {
    auto part = rows.narrow(1, at, width);
    at += width;
    return part;
  };
  transitions out;
  out.obs = take(obs_dim_);
  out.act = take(act_dim_);
  out.reward = take(1).squeeze(1);
  out.next_obs = take(obs_dim_);
  out.terminal = take(1).squeeze(1);
  return out;
}

}  // namespace amb::learners
