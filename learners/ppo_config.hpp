#pragma once

// PPO's settings, apart from ppo.hpp so that configurations compile without torch.

#include "config/fields.hpp"

namespace amb::learners {

struct ppo_config {
  double learning_rate = 1e-3;  // ME-PPO's setting in the asynchronous MB-RL paper
  double clip = 0.3;
  int epochs = 5;
  int minibatches = 4;
};

template <class Visit>
void visit_fields(ppo_config& c, Visit&& v) {
  using config::interval;
  v("learning_rate", c.learning_rate, interval::above(0, 1));
  v("clip", c.clip, interval::above(0, 10));
  v("epochs", c.epochs, interval::closed(1, 1000));
  v("minibatches", c.minibatches, interval::closed(1, 100000));
}

}  // namespace amb::learners
