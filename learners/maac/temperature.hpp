#pragma once

// The entropy temperature α of a maximum-entropy policy, learnt rather than tuned (Haarnoja et
// al. 2018b): gradient steps on log α of E[-log α (log π(a|s) + target)], so that α rises
// while the policy's entropy is below the target and falls while it is above.

#include <torch/optim/adam.h>
#include <torch/types.h>

#include "learners/learner_state.hpp"

namespace amb::learners::maac {

class temperature {
 public:
  /// α starts at `initial`; the target entropy is -|A| for |A| action dimensions.
  temperature(double initial, double target_entropy, double learning_rate);

  double value() const;

  /// One Adam step from log-probabilities [N] of actions the current policy sampled (no
  /// gradient reaches the policy). Throws std::runtime_error on NaN or Inf, unchanged.
  void update(const torch::Tensor& log_prob);

  void save(state_writer& out) const;
  void load(state_reader& in);

 private:
  torch::Tensor log_alpha_;  // [1]
  torch::optim::Adam adam_;
  double target_entropy_;
};

}  // namespace amb::learners::maac
