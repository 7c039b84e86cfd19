#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "learners/advantages.hpp"
#include "learners/gaussian_mlp_module.hpp"
#include "learners/metrics.hpp"
#include "learners/policy_gradient/settings.hpp"
#include "learners/ppo.hpp"
#include "learners/trpo.hpp"

namespace amb::learners::policy_gradient {

/// One policy update on a batch of paths, real or imagined: advantages by GAE on the linear
/// feature baseline (refitted after use), then a TRPO step or a PPO update of `policy`.
class path_update {
 public:
  path_update(gaussian_mlp_module policy, const advantage_config& advantage,
              const update_rule& rule, uint64_t seed);
  ~path_update();

  /// Throws std::runtime_error (the policy restored) when the update meets NaN or Inf.
  metrics operator()(const path_batch& paths);

  /// The baseline's weights and the update rule's own state (PPO's Adam moments and stream).
  void save(state_writer& out) const;
  void load(state_reader& in);

 private:
  gaussian_mlp_module policy_;
  advantage_config advantage_;
  linear_feature_baseline baseline_;
  std::optional<trpo_config> trpo_;
  std::unique_ptr<ppo> ppo_;  // keeps its Adam moments between updates
};

}  // namespace amb::learners::policy_gradient
