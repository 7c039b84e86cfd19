#pragma once

// Imagination rollouts (Gu et al. 2016, section 5.2): on-policy transitions, the greedy action
// plus the collectors' exploration noise, simulated through the local time-varying models from
// states the real episodes visited, each from the step it was visited at. They augment the
// replay with the policy's own mistakes without making them on the real system.

#include <ATen/core/Generator.h>

#include "envs/environment.hpp"
#include "learners/naf/local_linear_models.hpp"
#include "learners/naf/local_models_parameters.hpp"
#include "learners/naf/normalized_q.hpp"
#include "learners/naf/recent_episodes.hpp"
#include "learners/transition_replay.hpp"

namespace amb::learners::naf {

struct rollout_options {
  int length = 10;                 // l: model steps from each start
  double exploration_noise = 0.3;  // standard deviation, in half action ranges
  // Imagined states are kept within [low, high] per dimension (undefined: not at all). Linear
  // models extrapolate beyond what the system can reach (a cosine above 1), and a Q target
  // bootstrapped from there is what made Q-learning diverge on the reacher.
  torch::Tensor low, high;
  // A rollout ends before a state whose deviation from the states the next step's model was
  // fitted to (linear_gaussian_dynamics::deviation) exceeds this: the models are local, and
  // Q targets bootstrapped from where they do not hold made Q-learning diverge. 0: no limit.
  double max_deviation = 0;
  // The models' noise N_t in imagined states, as a share of its fitted standard deviation (0:
  // the mean prediction). Fitted to a few episodes with a prior pooled over every step, N_t is
  // at first mostly that prior's misfit (RMS 0.1 to 0.18 over the single-target reacher's
  // first fits, 0.004 once its episodes agree), and a reward measured on noisy states is biased.
  double model_noise = 1;
};

/// Up to `length` transitions from each start, in the step order; a rollout ends at the
/// models' horizon, after a terminal state of the task, or where it leaves the models' region.
transitions imagination_rollouts(normalized_q& q, const linear_gaussian_dynamics& models,
                                 const envs::environment& task, const timed_states& starts,
                                 const rollout_options& options, at::Generator& generator);

/// The same on φ's trajectory modes: each start rolls out on the models of the mode it is
/// nearest to (local_models_parameters::nearest_mode); with one mode, exactly the above.
transitions imagination_rollouts_by_mode(normalized_q& q, const local_models_parameters& phi,
                                         const envs::environment& task, const timed_states& starts,
                                         const rollout_options& options, at::Generator& generator);

/// The task's action bounds as tensors, made once rather than at every action.
struct action_bounds {
  explicit action_bounds(const envs::env_info& info);
  torch::Tensor low, high, half_range;  // [act_dim]
};

/// u = clip(μ(x) + σ ε) into the bounds, σ = noise x half range, ε ~ N(0, I) from `noise`
/// [N, act_dim]: how collectors explore and imagination acts alike.
torch::Tensor exploring_action(const torch::Tensor& greedy, const torch::Tensor& noise,
                               const action_bounds& bounds, double exploration_noise);

}  // namespace amb::learners::naf
