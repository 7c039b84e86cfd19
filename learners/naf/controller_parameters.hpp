#pragma once

// The iLQG exploration controller as it travels: planned by the model learner into φ, copied by
// the policy learner into θ, so that collectors, which read θ alone, can act with it.
// Sections "controller.gain" K [T, act_dim, obs_dim], "controller.offset" k [T, act_dim],
// "controller.factor" S [T, act_dim, act_dim] (u ~ N(K x + k, S Sᵀ)) and "controller.steps",
// the number of iLQG steps taken (0: the initial controller, never planned).

#include <random>
#include <vector>

#include "envs/environment.hpp"
#include "learners/flat_parameters.hpp"
#include "learners/naf/lqr.hpp"

namespace amb::learners::naf {

class controller_parameters {
 public:
  /// The initial controller: the mid action, no feedback, Gaussian noise of `initial_noise` half
  /// action ranges, at each step of the task's horizon.
  controller_parameters(const envs::env_info& info, double initial_noise);

  /// The sections above: views of this holder's tensors, in θ's and φ's layout.
  named_tensors sections() const;

  double steps() const;
  /// The controller in float64, for the next iLQG step.
  linear_gaussian_controller controller() const;
  /// Takes a planned controller (float64, this shape) in and counts the step.
  void assign_step(const linear_gaussian_controller& planned);
  /// Copies another holder's values (the policy learner takes φ's into θ).
  void assign(const controller_parameters& other);

  /// The action for `observation` [obs_dim] at step t (the last step's controller beyond the
  /// horizon): the mean K x + k, plus S ε with ε ~ N(0, I) from `rng` when `explore`, clipped
  /// into the task's bounds.
  void act(const float* observation, int t, bool explore, std::mt19937_64& rng, float* action);

 private:
  envs::env_info info_;
  torch::Tensor gain_, offset_, factor_, steps_;
  std::vector<float> noise_;  // [act_dim], reused at every action
};

}  // namespace amb::learners::naf
