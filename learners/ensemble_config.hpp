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
  double learning_rate = 5e-4;
  int batch_size = 256;
  double validation_fraction = 0.2;  // each member holds out its own random share
  double persistency = 0.99;         // early stopping's moving-average weight
  double prediction_clip = 100.0;    // normalised state changes are clipped to +-this
  uint64_t capacity = 10000;         // transitions kept, first in first out
  double max_log_var = 0.5;          // bounds of the probabilistic variant's log-variance
  double min_log_var = -10.0;
};

}  // namespace amb::learners
