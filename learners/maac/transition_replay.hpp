#pragma once

// MAAC's real transitions, as the data buffer's episodes deliver them: (s, a, r, s', terminal)
// rows kept first in, first out, drawn at random for critic batches and start states.

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include "learners/learner.hpp"
#include "learners/row_ring.hpp"

namespace amb::learners::maac {

/// A batch of transitions, one row each.
struct transitions {
  torch::Tensor obs;       // [n, obs_dim]
  torch::Tensor act;       // [n, act_dim]
  torch::Tensor reward;    // [n]
  torch::Tensor next_obs;  // [n, obs_dim]
  torch::Tensor terminal;  // [n] float: 1 where s' is terminal
};

/// The rows of `parts` one after the other.
transitions concatenated(const std::vector<transitions>& parts);

class transition_replay {
 public:
  transition_replay(int obs_dim, int act_dim, int64_t capacity);

  void add_episode(const episode_view& episode);
  int64_t size() const { return rows_.size(); }

  /// n transitions drawn uniformly with replacement (size() > 0).
  transitions draw(int64_t n, at::Generator& generator) const;

 private:
  int obs_dim_, act_dim_;
  row_ring rows_;  // [s | a | r | s' | terminal]
};

}  // namespace amb::learners::maac
