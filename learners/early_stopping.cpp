#include "learners/early_stopping.hpp"

#include <stdexcept>

namespace amb::learners {

ema_early_stopping::ema_early_stopping(double persistency) : persistency_(persistency) {
  if (persistency < 0 || persistency >= 1)
    throw std::invalid_argument("early stopping persistency must be in [0, 1)");
}

bool ema_early_stopping::update(double validation_loss) {
  if (!started_) {
    average_ = 1.5 * validation_loss;
    previous_ = 2.0 * validation_loss;
    started_ = true;
  }
  average_ = persistency_ * average_ + (1 - persistency_) * validation_loss;
  if (previous_ < average_) stopped_ = true;
  previous_ = average_;
  return stopped_;
}

void ema_early_stopping::restore(const std::array<double, 4>& saved) {
  started_ = saved[0] != 0;
  stopped_ = saved[1] != 0;
  average_ = saved[2];
  previous_ = saved[3];
}

void ema_early_stopping::reset() {
  started_ = false;
  stopped_ = false;
}

}  // namespace amb::learners
