#pragma once

#include <string>
#include <vector>

#include "learners/gaussian_mlp_module.hpp"
#include "learners/learner.hpp"
#include "learners/learner_state.hpp"
#include "learners/policy_gradient/path_update.hpp"

namespace amb::learners::policy_gradient {

/// What the policy-gradient learners share: the Gaussian MLP, its update on a batch of paths,
/// θ as their parameters, and the update's state (the baseline's fit, PPO's moments) as the
/// first part of theirs. Each adds where its paths come from.
class gaussian_path_learner : public learner {
 public:
  parameter_set parameters() const override;
  std::vector<float> state() const override;
  void load_state(const float* values, size_t count) override;

 protected:
  // The policy starts from the seed of θ v1: before it loads the served θ, it holds that policy.
  gaussian_path_learner(const learner_context& context, const policy_config& policy,
                        const advantage_config& advantage, const update_rule& rule,
                        std::string name);

  /// Loads θ when `server` is "policy"; false for another server.
  bool load_policy(const std::string& server, const parameter_view& theta);
  /// "the imagined-paths learner reads no 'x' parameters".
  [[noreturn]] void refuse(const std::string& server) const;

  /// What a derived learner keeps besides, after the update's state.
  virtual void save_more(state_writer&) const {}
  virtual void load_more(state_reader&) {}

  gaussian_mlp_module policy_;
  path_update update_;

 private:
  std::string name_;  // "imagined-paths learner": in errors
};

}  // namespace amb::learners::policy_gradient
