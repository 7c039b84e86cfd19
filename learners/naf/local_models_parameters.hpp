#pragma once

// NAF's φ as the model server holds it: the time-varying linear-Gaussian models of every step
// of an episode ("gain", "offset", "noise_factor", and the states they were fitted to,
// "state_mean" and "state_factor"), one set per trajectory mode (learners/naf/trajectory_modes;
// the first under those names, mode m under "mode<m>.gain" and so on), the number of episodes
// the model learner had received when it fitted them ("episodes"), and the iLQG exploration
// controller planned on them (controller_parameters' sections).

#include <vector>

#include "envs/environment.hpp"
#include "learners/naf/controller_parameters.hpp"
#include "learners/naf/local_linear_models.hpp"
#include "learners/parameter_set.hpp"

namespace amb::learners::naf {

class local_models_parameters {
 public:
  /// Zeros, `modes` sets of one model per step of the task's horizon, and the initial
  /// controller of `initial_noise` half action ranges.
  local_models_parameters(const envs::env_info& info, double initial_noise, int modes = 1);

  int modes() const { return static_cast<int>(modes_.size()); }
  const linear_gaussian_dynamics& dynamics(int mode = 0) const { return modes_.at(size_t(mode)); }
  int horizon() const { return modes_.front().horizon(); }
  /// For each of states obs [n, obs_dim] at steps t [n], the mode whose states at that step it
  /// deviates least from (linear_gaussian_dynamics::deviation): [n] int64, ties to the lower.
  torch::Tensor nearest_mode(const torch::Tensor& obs, const torch::Tensor& t) const;
  /// The episodes the model learner had received at the fit: zero until the first.
  double episodes() const;
  void add_episodes(double count);

  /// Throws std::invalid_argument naming the section at fault when `view` is not laid out as
  /// this task's φ, changing nothing.
  void load(const parameter_view& view);
  /// Copies fits of the same dimensions in, mode by mode; modes beyond them (fewer found than
  /// held) get mode 0's, which the nearest mode is then on every tie.
  void assign(const std::vector<linear_gaussian_dynamics>& fitted);
  const controller_parameters& controller() const { return controller_; }
  controller_parameters& controller() { return controller_; }
  parameter_set parameters() const;

  /// The mean squared error of the models' mean predictions over every step of `episodes`,
  /// each episode on the mode its states are nearest to on average.
  double prediction_error(const std::vector<recorded_episode>& episodes) const;
  /// The root of the mean of the noise variances over modes, steps and dimensions.
  double noise_std() const;

 private:
  named_tensors sections() const;
  // Each state's deviation from each mode's states at its step: [n, modes].
  torch::Tensor deviations(const torch::Tensor& obs, const torch::Tensor& t) const;
  // The mode an episode's states obs [n, obs_dim] at steps [n] are nearest to on average.
  int episode_mode(const torch::Tensor& obs, const torch::Tensor& steps) const;
  std::vector<linear_gaussian_dynamics> modes_;
  torch::Tensor episodes_;  // [1]
  controller_parameters controller_;
};

}  // namespace amb::learners::naf
