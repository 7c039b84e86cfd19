#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "learners/ensemble_config.hpp"
#include "learners/metrics.hpp"
#include "learners/parameter_set.hpp"

namespace amb::learners {

/// The model learner's computation: a FIFO dataset of transitions, an ensemble of K dynamics
/// models each with its own train/validation split, trained one epoch at a time in one batched
/// computation, each member early-stopped on its own validation loss (ema_early_stopping).
/// Its parameters φ (networks and normalisers) travel as one flat float vector with their names
/// and shapes.
class dynamics_ensemble {
 public:
  dynamics_ensemble(int obs_dim, int act_dim, const ensemble_config& config, uint64_t seed);
  ~dynamics_ensemble();

  /// Appends n transitions (obs, next_obs [n, obs_dim], act [n, act_dim]); the oldest leave
  /// past the capacity. Each member puts each new transition in its training or its validation
  /// share; the normalisers are refitted; early stopping resets so training resumes.
  void add_transitions(const float* obs, const float* act, const float* next_obs, size_t n);

  /// One epoch for every member that has not stopped. Reports train_loss, validation_loss
  /// (means over active members), active_members, stopped_members, and its work: batches (of
  /// batch_size rows per member) and validation_rows (per member). Throws std::runtime_error,
  /// with the parameters restored, when a loss or the parameters become NaN/Inf.
  metrics train_epoch();

  bool all_stopped() const;
  size_t transitions() const;

  /// Predicted next states with one member, obs [n, obs_dim], act [n, act_dim] -> out.
  void predict(const float* obs, const float* act, size_t n, int member, float* next_obs) const;

  parameter_set parameters() const;
  size_t parameter_count() const;
  /// Loads φ; throws std::invalid_argument naming the section at fault when its layout is not
  /// this ensemble's.
  void set_parameters(const parameter_view& phi);

  /// What training holds besides φ and the dataset: Adam's moments, the random stream, each
  /// member's early-stopping averages (learners/learner_state.hpp).
  std::vector<float> state() const;
  /// Loads a state(); throws std::invalid_argument when it is not one of an ensemble like this.
  void load_state(const float* values, size_t count);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace amb::learners
