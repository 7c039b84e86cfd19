#pragma once

// The latest n episodes as the data buffer delivered them, each step keeping its time index:
// what the local models are fitted to, and where imagination rollouts start from (the states
// those models are accurate around).

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <cstddef>
#include <deque>
#include <vector>

#include "learners/learner.hpp"
#include "learners/naf/local_linear_models.hpp"

namespace amb::learners::naf {

/// Visited states with the step at which they were visited.
struct timed_states {
  torch::Tensor obs;   // [n, obs_dim]
  torch::Tensor step;  // [n] int64
};

class recent_episodes {
 public:
  recent_episodes(int obs_dim, int act_dim, size_t capacity);

  /// Copies the episode in; the oldest leaves beyond the capacity. Empty episodes are ignored.
  void add(const episode_view& episode);

  const std::deque<recorded_episode>& episodes() const { return episodes_; }
  std::vector<recorded_episode> all() const { return {episodes_.begin(), episodes_.end()}; }
  size_t steps() const;

  /// n states drawn uniformly, with replacement, from every step of the episodes held (at
  /// least one step must be held).
  timed_states draw(int64_t n, at::Generator& generator) const;

 private:
  int obs_dim_, act_dim_;
  size_t capacity_;
  std::deque<recorded_episode> episodes_;
};

}  // namespace amb::learners::naf
