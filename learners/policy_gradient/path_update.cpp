#include "learners/policy_gradient/path_update.hpp"

#include <torch/torch.h>

#include "learners/stopwatch.hpp"

namespace amb::learners::policy_gradient {

path_update::path_update(gaussian_mlp_module policy, const advantage_config& advantage,
                         const update_rule& rule, uint64_t seed)
    : policy_(policy), advantage_(advantage) {
  if (const auto* trpo = std::get_if<trpo_config>(&rule)) trpo_ = *trpo;
  if (const auto* settings = std::get_if<ppo_config>(&rule))
    ppo_ = std::make_unique<ppo>(policy_, *settings, seed);
}

path_update::~path_update() = default;

void path_update::save(state_writer& out) const {
  baseline_.save(out);
  if (ppo_) ppo_->save(out);
}

void path_update::load(state_reader& in) {
  baseline_.load(in);
  if (ppo_) ppo_->load(in);
}

metrics path_update::operator()(const path_batch& paths) {
  stopwatch clock;
  const auto values = baseline_.predict(paths);
  const auto estimate = estimate_advantages(paths, values, advantage_);
  baseline_.fit(paths, estimate.returns);
  const auto obs = paths.observations.slice(1, 0, -1).reshape({-1, policy_->obs_dim});
  const auto act = paths.actions.reshape({-1, policy_->act_dim});
  const auto adv = estimate.advantages.reshape({-1});
  const double advantage_seconds = clock.lap();
  auto values_of_update =
      ppo_ ? ppo_->step(obs, act, adv) : trpo_step(policy_, obs, act, adv, *trpo_);
  values_of_update.emplace_back("advantage_seconds", advantage_seconds);
  return values_of_update;
}

}  // namespace amb::learners::policy_gradient
