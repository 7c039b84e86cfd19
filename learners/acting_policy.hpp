#pragma once

// What a collector or the evaluator acts with: built from the run's context and θ alone
// (MJPC's ActionFromPolicy(action, state, time)). The step index is an argument because some
// policies are time-varying (a linear controller per step, an MPC plan).

#include <cstddef>
#include <functional>
#include <memory>
#include <random>
#include <string>

#include "learners/learner.hpp"

namespace amb::learners {

enum class acting_mode {
  explore,   // collectors: the algorithm's exploration (a sampled action, added noise)
  evaluate,  // the evaluator: its best guess (the mean action)
};

class acting_policy {
 public:
  virtual ~acting_policy() = default;

  /// Loads θ as the policy server holds it; throws std::invalid_argument naming the section at
  /// fault when it is not laid out as this policy's θ.
  virtual void load_parameters(const parameter_view& theta) = 0;

  /// The action [act_dim] for `observation` [obs_dim] at step t of the episode; exploration
  /// noise, where there is any, comes from `rng`.
  virtual void act(const float* observation, int t, std::mt19937_64& rng, float* action) = 0;

  /// The policies θ holds, which the evaluator scores each: MB-MPO's meta-policy and then each
  /// member's adapted policy, MAAC's policy and then its planner; one for most algorithms.
  virtual size_t policy_count() const { return 1; }
  /// Evaluating: act as policy `index` of policy_count() from now on (0 at start).
  virtual void select_policy(size_t /*index*/) {}
  /// What policies 1 and on are, naming the evaluator's column eval_return_<label> (their mean
  /// return): "adapted", "mpc".
  virtual std::string other_policies_label() const { return "other"; }
};

using acting_policy_factory =
    std::function<std::unique_ptr<acting_policy>(const learner_context&, acting_mode)>;

}  // namespace amb::learners
