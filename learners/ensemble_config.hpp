#pragma once

#include <cstdint>
#include <vector>

#include "config/fields.hpp"
#include "learners/network_size.hpp"

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

template <class Visit>
void visit_fields(ensemble_config& c, Visit&& v) {
  using config::interval;
  v("members", c.members, interval::closed(1, 64));
  v("hidden", c.hidden, interval::closed(1, 4096));
  v("probabilistic", c.probabilistic);
  v("learning_rate", c.learning_rate, interval::above(0, 1));
  v("batch_size", c.batch_size, interval::closed(1, 65536));
  v("validation_fraction", c.validation_fraction, interval::open(0, 1));
  v("persistency", c.persistency, interval{0, 1, false, true});
  v("prediction_clip", c.prediction_clip, interval::above(0, 1e6));
  v("capacity", c.capacity, interval::closed(2, 1e9));
  v("max_log_var", c.max_log_var, interval::closed(-20, 20));
  v("min_log_var", c.min_log_var, interval::closed(-50, 20));
}

inline void check_section(const ensemble_config& c, const std::string& path) {
  check_network_size(c.hidden, c.members, path + ".hidden");
  if (c.min_log_var >= c.max_log_var)
    throw config::config_error(path + ".min_log_var: must be below max_log_var (" +
                               std::to_string(c.max_log_var) + "), got " +
                               std::to_string(c.min_log_var));
}

}  // namespace amb::learners
