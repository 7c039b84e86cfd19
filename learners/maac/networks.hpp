#pragma once

// What MAAC's θ holds, built alike by the policy learner and the acting policies: the squashed
// Gaussian policy, the twin critics and, when MPC plans with them, the model φ the policy was
// improved against. The collectors and the evaluator thus plan with the policy, model and critic
// of one update without reading the model server.

#include "learners/ensemble_network.hpp"
#include "learners/learner.hpp"
#include "learners/maac/settings.hpp"
#include "learners/maac/squashed_gaussian.hpp"
#include "learners/maac/twin_critic.hpp"

namespace amb::learners::maac {

/// Whether θ carries the model: MPC plans with it.
inline bool plans(const mpc_settings& mpc) {
  return mpc.evaluate || mpc.collect;
}

struct networks {
  /// Weights drawn from the run's seed (the model's as the model learner draws them).
  networks(const learner_context& context, const maac_settings& settings);

  squashed_gaussian policy;
  twin_critic critic;
  ensemble_network model;
  /// θ's sections: "policy.*", "critic.*" (the online critics) and, when planning, "model.*".
  named_tensors theta;
};

}  // namespace amb::learners::maac
