#pragma once

#include <torch/types.h>

#include "learners/advantage_config.hpp"
#include "learners/learner_state.hpp"

namespace amb::learners {

/// Paths of equal length T, real or imagined.
struct path_batch {
  torch::Tensor observations;  // [N, T + 1, obs_dim]
  torch::Tensor actions;       // [N, T, act_dim]
  torch::Tensor rewards;       // [N, T]
};

/// The learned baseline of rllab and the asynchronous MB-RL paper's code: a ridge regression of
/// the discounted return on [o, o^2, t, t^2, t^3, 1] (t in hundreds of steps), refitted to every
/// batch after it has been used, so advantages never use a fit to their own returns.
class linear_feature_baseline {
 public:
  /// Values for t = 0 .. T - 1, [N, T]; zeros before the first fit.
  torch::Tensor predict(const path_batch& paths) const;
  void fit(const path_batch& paths, const torch::Tensor& returns);

  /// Its weights (none before the first fit), for the learner's state.
  void save(state_writer& out) const;
  void load(state_reader& in);

 private:
  torch::Tensor weights_;  // [features]
};

struct advantage_estimate {
  torch::Tensor advantages;  // [N, T]
  torch::Tensor returns;     // [N, T], discounted reward-to-go
};

/// Generalised advantage estimation (Schulman et al. 2016) with values [N, T]; a path's value
/// after its last step is taken as 0 (episodes end at the horizon).
advantage_estimate estimate_advantages(const path_batch& paths, const torch::Tensor& values,
                                       const advantage_config& config);

}  // namespace amb::learners
