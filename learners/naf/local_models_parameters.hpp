#pragma once

// NAF's φ as the model server holds it: the time-varying linear-Gaussian models of every step
// of an episode ("gain", "offset", "noise_factor", and the states they were fitted to,
// "state_mean" and "state_factor"), the number of episodes the model learner
// had received when it fitted them ("episodes"), and the iLQG exploration controller planned on
// them (controller_parameters' sections).

#include <vector>

#include "envs/environment.hpp"
#include "learners/naf/controller_parameters.hpp"
#include "learners/naf/local_linear_models.hpp"
#include "learners/parameter_set.hpp"

namespace amb::learners::naf {

class local_models_parameters {
 public:
  /// Zeros, one model per step of the task's horizon, and the initial controller of
  /// `initial_noise` half action ranges.
  local_models_parameters(const envs::env_info& info, double initial_noise);

  const linear_gaussian_dynamics& dynamics() const { return dynamics_; }
  int horizon() const { return dynamics_.horizon(); }
  /// The episodes the model learner had received at the fit: zero until the first.
  double episodes() const;
  void add_episodes(double count);

  /// Throws std::invalid_argument naming the section at fault when `view` is not laid out as
  /// this task's φ, changing nothing.
  void load(const parameter_view& view);
  /// Copies a fit of the same dimensions in.
  void assign(const linear_gaussian_dynamics& fitted);
  const controller_parameters& controller() const { return controller_; }
  controller_parameters& controller() { return controller_; }
  parameter_set parameters() const;

  /// The mean squared error of the models' mean predictions over every step of `episodes`.
  double prediction_error(const std::vector<recorded_episode>& episodes) const;
  /// The root of the mean of the noise variances over steps and dimensions.
  double noise_std() const;

 private:
  named_tensors sections() const;
  linear_gaussian_dynamics dynamics_;
  torch::Tensor episodes_;  // [1]
  controller_parameters controller_;
};

}  // namespace amb::learners::naf
