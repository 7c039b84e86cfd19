#pragma once

// Time-varying linear-Gaussian dynamics, refitted to the latest few episodes (Levine & Abbeel
// 2014; NAF paper, section 5.3): p_t(x' | x, u) = N(F_t [x; u] + f_t, N_t) for each step t of
// an episode. A Gaussian is fitted to the vectors [x_t; u_t; x_{t+1}] of step t and conditioned
// on [x_t; u_t]. A handful of episodes cannot fit a covariance of more dimensions than their
// number, so each step's fit starts from a prior which weighs as `prior_samples` samples (a
// normal-inverse-Wishart posterior): the Gaussian of all their steps pooled, or a mixture of
// Gaussians over many more past episodes, reweighted to the step's samples.

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <vector>

#include "learners/flat_parameters.hpp"
#include "learners/naf/gaussian_mixture.hpp"

namespace amb::learners::naf {

/// One episode as the fit reads it: obs [length + 1, obs_dim], act [length, act_dim].
struct recorded_episode {
  torch::Tensor obs;
  torch::Tensor act;
};

struct local_fit_options {
  int horizon = 0;               // T: steps with a model each (episodes may be shorter)
  double prior_samples = 1.0;    // the pooled Gaussian's weight at each step, in samples
  double regularisation = 1e-6;  // added to the diagonal of each [x; u] covariance
};

/// The models of steps 0..T-1 as float32 tensors (their layout is the model server's φ).
struct linear_gaussian_dynamics {
  torch::Tensor gain;          // F [T, obs_dim, obs_dim + act_dim]
  torch::Tensor offset;        // f [T, obs_dim]
  torch::Tensor noise_factor;  // lower Cholesky factor of N [T, obs_dim, obs_dim]
  // Where the models hold: the fitted Gaussian of the states x_t at each step.
  torch::Tensor state_mean;    // [T, obs_dim]
  torch::Tensor state_factor;  // its covariance's lower Cholesky factor [T, obs_dim, obs_dim]

  /// Zeros for a task of these dimensions: the layout before the first fit.
  static linear_gaussian_dynamics zeros(int horizon, int obs_dim, int act_dim);

  /// The named tensors "gain", "offset", "noise_factor", "state_mean", "state_factor" (views
  /// of these tensors).
  named_tensors sections() const;

  int horizon() const { return static_cast<int>(gain.size(0)); }

  /// The means F_t [x; u] + f_t [n, obs_dim] of rows obs [n, obs_dim], act [n, act_dim] at
  /// steps t [n] (int64, each in [0, T)).
  torch::Tensor mean_next(const torch::Tensor& obs, const torch::Tensor& act,
                          const torch::Tensor& t) const;
  /// How far each row obs [n, obs_dim] lies from the states the models of steps t [n] were
  /// fitted to: the root mean square of its whitened deviation (about 1 for a typical state).
  torch::Tensor deviation(const torch::Tensor& obs, const torch::Tensor& t) const;
  /// A sample of x' for each row: the mean plus the step's noise, its standard deviation
  /// scaled by `noise_scale` (0: the mean itself).
  torch::Tensor sample_next(const torch::Tensor& obs, const torch::Tensor& act,
                            const torch::Tensor& t, double noise_scale,
                            at::Generator& generator) const;
};

/// The rows [x_t; u_t; x_{t+1}] of an episode, [length, 2 obs_dim + act_dim] in float64: what
/// the models and their mixture prior are fitted to.
torch::Tensor transition_rows(const recorded_episode& episode);

/// Fits the models of steps 0..T-1 to `episodes` (at least one). Each step's prior is
/// `prior_mixture`'s moments near its samples when given (a mixture over the same rows), else
/// the Gaussian of every step of `episodes` pooled; a step no episode reaches gets the pooled
/// Gaussian's model. Throws std::invalid_argument on episodes of other dimensions.
linear_gaussian_dynamics fit_local_models(const std::vector<recorded_episode>& episodes,
                                          const local_fit_options& options,
                                          const gaussian_mixture* prior_mixture = nullptr);

}  // namespace amb::learners::naf
