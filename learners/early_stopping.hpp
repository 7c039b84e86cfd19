#pragma once

#include <array>

namespace amb::learners {

/// Early stopping of one ensemble member, as in the asynchronous MB-RL paper (§4, "Model
/// learning"): an exponential moving average of the validation loss is updated after every
/// epoch, and training stops once that average rises. New data resets it (reset()), and
/// training resumes. The average starts above the first loss (1.5 v, previous 2.0 v) so that the
/// first epochs never stop it (shared/HYPERPARAMETERS.md).
class ema_early_stopping {
 public:
  /// persistency: the weight of the old average, p in avg = p * avg + (1 - p) * v.
  explicit ema_early_stopping(double persistency = 0.99);

  /// Takes one epoch's validation loss; returns true when training should stop.
  bool update(double validation_loss);

  /// Forgets the average (call when new data arrives): training goes on.
  void reset();

  bool stopped() const { return stopped_; }
  double average() const { return average_; }

  /// All it holds, for a learner's state: started, stopped, average, previous.
  std::array<double, 4> saved() const {
    return {double(started_), double(stopped_), average_, previous_};
  }
  void restore(const std::array<double, 4>& saved);

 private:
  double persistency_;
  bool started_ = false;
  bool stopped_ = false;
  double average_ = 0;
  double previous_ = 0;
};

}  // namespace amb::learners
