#include "learners/early_stopping.hpp"

#include <doctest/doctest.h>

using amb::learners::ema_early_stopping;

TEST_CASE("early stopping lets a falling validation loss train on and stops when it rises") {
  ema_early_stopping rule(0.9);
  double loss = 1.0;
  for (int epoch = 0; epoch < 30; ++epoch) {
    CHECK_FALSE(rule.update(loss));
    loss *= 0.97;  // still improving
  }
  int epochs_rising = 0;
  while (!rule.update(loss) && epochs_rising < 100) {
    loss *= 1.05;  // overfitting: the validation loss rises
    ++epochs_rising;
  }
  CHECK(rule.stopped());
  CHECK(epochs_rising < 100);
  // Once stopped it stays stopped, whatever follows.
  CHECK(rule.update(loss * 0.1));
}

TEST_CASE("early stopping never stops on the first epochs: the average starts above the loss") {
  ema_early_stopping rule(0.99);
  CHECK_FALSE(rule.update(5.0));
  CHECK_FALSE(rule.update(5.0));
  CHECK(rule.average() < 1.5 * 5.0);
}

TEST_CASE("new data resets the average and training resumes") {
  ema_early_stopping rule(0.5);
  rule.update(1.0);
  double loss = 1.0;
  while (!rule.update(loss)) loss *= 1.5;
  REQUIRE(rule.stopped());
  rule.reset();
  CHECK_FALSE(rule.stopped());
  CHECK_FALSE(rule.update(loss));  // the first epoch on new data starts afresh
}
