#pragma once

// MB-MPO's configuration sections, each key declared once (config/fields.hpp): the Gaussian MLP
// as meta-policy, the ensemble whose members are the tasks, and the meta-learner's keys.

#include <cstdio>
#include <string>

#include "learners/advantage_config.hpp"
#include "learners/ensemble_config.hpp"
#include "learners/gaussian_mlp_policy.hpp"
#include "learners/policy_gradient/settings.hpp"
#include "learners/trpo_config.hpp"

namespace amb::learners::mb_mpo {

/// How a meta-step adapts: tasks, their imagined rollouts, the inner steps.
struct meta_settings {
  int meta_batch = 20;  // tasks per meta-step, round the members (the public code: 20 over 5)
  int rollouts_per_task = 20;  // imagined paths per task and per inner step (public code: 20-50)
  int imagined_horizon = 50;   // steps per imagined path; built in: the reacher's episode length
  double inner_lr = 1e-3;      // α of θ' = θ + α ∇J(θ)
  int inner_steps = 1;         // inner policy-gradient steps, each on new rollouts
  // Differentiate the outer objective through the inner steps' gradients (exact second-order
  // terms), or treat those gradients as constants (the first-order approximation, cheaper).
  bool first_order = false;
};

template <class Visit>
void visit_fields(meta_settings& c, Visit&& v) {
  using config::interval;
  v("meta_batch", c.meta_batch, interval::closed(1, 10000));
  v("rollouts_per_task", c.rollouts_per_task, interval::closed(2, 100000));
  v("imagined_horizon", c.imagined_horizon, interval::closed(1, 100000));
  v("inner_lr", c.inner_lr, interval::above(0, 10));
  v("inner_steps", c.inner_steps, interval::closed(1, 10));
  v("first_order", c.first_order);
}

/// The policy learner's section: one flat object of the meta keys, the advantages and the
/// outer TRPO step's keys.
struct meta_learner_settings {
  meta_settings meta;
  advantage_config advantage;
  trpo_config outer;
};

template <class Visit>
void visit_fields(meta_learner_settings& c, Visit&& v) {
  visit_fields(c.meta, v);
  visit_fields(c.advantage, v);
  visit_fields(c.outer, v);
}

/// Imagined steps of one meta-step: every task's rollouts for each inner step and after.
inline double imagined_steps(const meta_settings& c) {
  return double(c.meta_batch) * c.rollouts_per_task * c.imagined_horizon * (c.inner_steps + 1);
}

inline void check_section(const meta_learner_settings& c, const std::string& path) {
  const double steps = imagined_steps(c.meta);
  if (steps <= policy_gradient::max_imagined_steps) return;
  char text[240];
  std::snprintf(text, sizeof(text),
                ".meta_batch: %d tasks of %d rollouts_per_task of imagined_horizon %d steps, "
                "%d inner_steps and one after, are %.3g imagined steps per meta-step; at most "
                "%.3g fit (about 1 GB)",
                c.meta.meta_batch, c.meta.rollouts_per_task, c.meta.imagined_horizon,
                c.meta.inner_steps, steps, policy_gradient::max_imagined_steps);
  throw config::config_error(path + text);
}

struct mb_mpo_settings {
  policy_config policy;  // the meta-policy and every adapted policy
  ensemble_config model = policy_gradient::built_in_ensemble();
  meta_learner_settings policy_learner;
};

template <class Visit>
void visit_fields(mb_mpo_settings& c, Visit&& v) {
  v("policy", c.policy);
  v("model", c.model);
  v("policy_learner", c.policy_learner);
}

/// Across sections: every member is at least one task (they go round the members, so a
/// multiple of the members spreads them evenly).
inline void check_section(const mb_mpo_settings& c, const std::string&) {
  if (c.policy_learner.meta.meta_batch >= c.model.members) return;
  throw config::config_error(
      "policy_learner.meta_batch: " + std::to_string(c.policy_learner.meta.meta_batch) +
      " tasks leave members of the " + std::to_string(c.model.members) +
      " of model.members without a task; give at least as many tasks as members");
}

}  // namespace amb::learners::mb_mpo
