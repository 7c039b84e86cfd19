#pragma once

#include <memory>

#include "learners/ensemble_config.hpp"
#include "learners/learner.hpp"

namespace amb::learners {

/// The model learner of the ensemble-based algorithms (asynchronous MB-RL paper, "model
/// learning"): every new episode joins the dynamics ensemble's dataset (which resets early
/// stopping), each step trains one epoch of the members that have not stopped, and φ is pushed
/// to the "model" server. Settled while every member has stopped.
std::unique_ptr<learner> make_ensemble_learner(const learner_context& context,
                                               const ensemble_config& model);

/// Its slot: produces "model", reads nothing, rebuilds its dataset from the buffer's window.
learner_slot ensemble_learner_slot(std::function<ensemble_config(const learner_context&)> model_of);

}  // namespace amb::learners
