#pragma once

#include <memory>

#include "learners/learner.hpp"
#include "learners/naf/settings.hpp"

namespace amb::learners::naf {

/// NAF's model learner: once `local_models.episodes` (n) episodes have arrived, and then each
/// time `local_models.refit_every` (n unless set) new ones have, it fits the time-varying
/// linear-Gaussian models to the latest n and pushes them to the "model" server, with the number of
/// episodes it had received (the policy learner switches its imagination off by it). With iLQG
/// exploration on (`ilqg.episode_fraction` > 0), it then takes one KL-constrained iLQG step on the
/// new models and pushes the controller with them. Settled between fits.
std::unique_ptr<learner> make_local_model_learner(const learner_context& context,
                                                  const local_models_config& settings,
                                                  const ilqg_config& ilqg);

}  // namespace amb::learners::naf
