#pragma once

// Transitions (s, a, r, s', terminal) kept first in, first out and drawn at random for critic
// batches and start states: the real ones as the data buffer's episodes deliver them (MAAC's,
// NAF's replay R), or imagined ones (NAF's R_f).

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include "learners/learner.hpp"
#include "learners/row_ring.hpp"

namespace amb::learners {

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
  /// Rows of another batch (imagined transitions).
  void add(const transitions& batch);
  int64_t size() const { return rows_.size(); }

  /// n transitions drawn uniformly with replacement (size() > 0).
  transitions draw(int64_t n, at::Generator& generator) const;

 private:
  int obs_dim_, act_dim_;
  row_ring rows_;  // [s | a | r | s' | terminal]
};

}  // namespace amb::learners
