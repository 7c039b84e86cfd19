#pragma once

// What MAAC's θ holds, built alike by the policy learner and the acting policies: the squashed
// Gaussian policy, the twin critics and the model φ the policy was improved against. The
// collectors, the evaluator and `amb eval` thus plan with the policy, model and critic of one
// update without reading the model server.

#include "learners/ensemble_network.hpp"
#include "learners/learner.hpp"
#include "learners/maac/settings.hpp"
#include "learners/maac/squashed_gaussian.hpp"
#include "learners/maac/twin_critic.hpp"

namespace amb::learners::maac {

struct networks {
  /// Weights drawn from the run's seed (the model's as the model learner draws them).
  networks(const learner_context& context, const maac_settings& settings);

  squashed_gaussian policy;
  twin_critic critic;
  ensemble_network model;
  /// θ's sections: "policy.*", "critic.*" (the online critics) and "model.*".
  named_tensors theta;
};

}  // namespace amb::learners::maac
