#pragma once

// The configuration sections of the policy-gradient algorithms, each key declared once
// (config/fields.hpp). A run configuration's "policy_learner" section is one flat object: where
// the paths come from, the advantages, then the update rule's keys.

#include <cstdio>
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

/// At most this many imagined steps per policy step: each is held through the step with its
/// states, actions, log-probabilities and the policy's activations (about 1 KB for the largest
/// task), so 1e6 is about 1 GB; the papers' settings imagine 1e4. Two keys each in range multiply
/// past what the machine holds (1e5 paths of 1e5 steps), which would stall the policy learner in
/// an allocation it cannot finish after the run folder was written.
inline constexpr double max_imagined_steps = 1e6;

template <class Update>
void check_section(const improver_settings<imagined_path_source, Update>& c,
                   const std::string& path) {
  const double steps = double(c.paths.imagined_paths) * c.paths.imagined_horizon;
  if (steps <= max_imagined_steps) return;
  char text[200];
  std::snprintf(text, sizeof(text),
                ".imagined_paths: %d paths of imagined_horizon %d steps are %.3g imagined steps "
                "per policy step; at most %.3g fit (about 1 GB)",
                c.paths.imagined_paths, c.paths.imagined_horizon, steps, max_imagined_steps);
  throw config::config_error(path + text);
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
