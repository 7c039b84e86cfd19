#pragma once

// TRPO's settings, apart from trpo.hpp so that configurations compile without torch.

#include "config/fields.hpp"

namespace amb::learners {

struct trpo_config {
  double max_kl = 0.01;  // δ: mean KL(old || new) allowed per step
  int cg_iterations = 10;
  double cg_damping = 1e-5;  // added to the Fisher-vector product: (F + damping I) v
  int backtracks = 15;       // line search steps, each shrinking the step by backtrack_ratio
  double backtrack_ratio = 0.8;
  // The Fisher-vector products of the conjugate gradient on every fisher_stride-th sample only
  // (OpenAI Baselines' TRPO: every 5th): a cheaper estimate of the curvature; the gradient and
  // the line search's KL still take every sample.
  int fisher_stride = 1;
};

template <class Visit>
void visit_fields(trpo_config& c, Visit&& v) {
  using config::interval;
  v("max_kl", c.max_kl, interval::above(0, 10));
  v("cg_iterations", c.cg_iterations, interval::closed(1, 1000));
  v("cg_damping", c.cg_damping, interval::closed(0, 1000));
  v("backtracks", c.backtracks, interval::closed(1, 100));
  v("backtrack_ratio", c.backtrack_ratio, interval::open(0, 1));
  v("fisher_stride", c.fisher_stride, interval::closed(1, 1000));
}

}  // namespace amb::learners
