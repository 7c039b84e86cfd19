#pragma once

#include <cstdint>
#include <vector>

namespace amb::learners {

/// The dynamics ensemble (the asynchronous MB-RL paper's settings by default,
/// shared/HYPERPARAMETERS.md).
struct ensemble_config {
  int members = 5;
  std::vector<int> hidden = {512, 512, 512};  // ReLU layers
  bool probabilistic =
      false;  // false: MSE on the mean; true: Gaussian NLL with bounded log-variance
  float learning_rate = 5e-4f;
  int batch_size = 256;
  float validation_fraction = 0.2f;  // each member holds out its own random share
  double persistency = 0.99;         // early stopping's moving-average weight
  float prediction_clip = 100.0f;    // normalised state changes are clipped to +-this
  uint64_t capacity = 10000;         // transitions kept, first in first out
  float max_log_var = 0.5f;          // bounds of the probabilistic variant's log-variance
  float min_log_var = -10.0f;
};

}  // namespace amb::learners
