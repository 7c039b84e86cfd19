#pragma once

// Generalised advantage estimation's settings (learners/advantages.hpp), without torch.

#include "config/fields.hpp"

namespace amb::learners {

struct advantage_config {
  double discount = 0.99;
  double gae_lambda = 1.0;  // the asynchronous MB-RL paper's setting
};

template <class Visit>
void visit_fields(advantage_config& c, Visit&& v) {
  v("discount", c.discount, config::interval::above(0, 1));
  v("gae_lambda", c.gae_lambda, config::interval::closed(0, 1));
}

}  // namespace amb::learners
