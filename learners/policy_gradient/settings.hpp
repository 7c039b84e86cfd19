#pragma once

// The configuration sections of the policy-gradient algorithms, each key declared once
// (config/fields.hpp). A run configuration's "policy_learner" section is one flat object: where
// the paths come from, the advantages, then the update rule's keys.

#include <string>
#include <variant>

#include "learners/advantage_config.hpp"
#include "learners/ensemble_config.hpp"
#include "learners/gaussian_mlp_policy.hpp"
#include "learners/ppo_config.hpp"
#include "learners/trpo_config.hpp"

namespace amb::learners::policy_gradient {

/// Paths imagined in the learned model from real start states (ME-TRPO, ME-PPO).
struct imagined_path_source {
  int imagined_paths = 50;    // rollouts per step (the paper's setting)
  int imagined_horizon = 50;  // steps per rollout; built in: the reacher's episode length
  // Which ensemble member predicts each step (learners/member_selection.hpp): ME-TRPO's draw
  // anew at every step, or one member per path.
  std::string imagined_members = "per_step";
};

template <class Visit>
void visit_fields(imagined_path_source& c, Visit&& v) {
  v("imagined_paths", c.imagined_paths, config::interval::closed(2, 100000));
  v("imagined_horizon", c.imagined_horizon, config::interval::closed(1, 100000));
  v("imagined_members", c.imagined_members,
    config::one_of{"member selection", {"per_step", "per_path"}});
}

/// The collectors' newest real trajectories (the model-free baselines).
struct real_path_source {
  int paths_per_step = 5;
};

template <class Visit>
void visit_fields(real_path_source& c, Visit&& v) {
  v("paths_per_step", c.paths_per_step, config::interval::closed(2, 100000));
}

using update_rule = std::variant<trpo_config, ppo_config>;

template <class Paths, class Update>
struct improver_settings {
  Paths paths;
  advantage_config advantage;
  Update update;
};

template <class Paths, class Update, class Visit>
void visit_fields(improver_settings<Paths, Update>& c, Visit&& v) {
  visit_fields(c.paths, v);
  visit_fields(c.advantage, v);
  visit_fields(c.update, v);
}

/// The built-in ensemble, 5 x 2 x 200: the paper's 5 x 3 x 512 (configs/) is too slow to show
/// learning within minutes on two cores, for the reacher and for the default job alike.
inline ensemble_config built_in_ensemble() {
  ensemble_config model;
  model.hidden = {200, 200};
  return model;
}

template <class Update>
struct model_based_settings {
  policy_config policy;  // the collectors' and the policy learner's Gaussian MLP
  ensemble_config model = built_in_ensemble();
  improver_settings<imagined_path_source, Update> policy_learner;
};

template <class Update, class Visit>
void visit_fields(model_based_settings<Update>& c, Visit&& v) {
  v("policy", c.policy);
  v("model", c.model);
  v("policy_learner", c.policy_learner);
}

template <class Update>
struct model_free_settings {
  policy_config policy;
  improver_settings<real_path_source, Update> policy_learner;
};

template <class Update, class Visit>
void visit_fields(model_free_settings<Update>& c, Visit&& v) {
  v("policy", c.policy);
  v("policy_learner", c.policy_learner);
}

}  // namespace amb::learners::policy_gradient
