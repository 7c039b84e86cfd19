#include "learners/maac/networks.hpp"

#include <torch/torch.h>

namespace amb::learners::maac {

networks::networks(const learner_context& context, const maac_settings& settings)
    : policy(context.info.obs_dim, settings.networks.policy_hidden, context.info.act_low,
             context.info.act_high, context.seed + 11),
      critic(context.info.obs_dim, context.info.act_dim, settings.networks.critic_hidden,
             context.seed + 12),
      model(context.info.obs_dim, context.info.act_dim, settings.model, context.seed) {
  theta.append(policy->sections(), "policy.");
  theta.append(critic->sections(), "critic.");
  theta.append(model->sections(), "model.");
}

}  // namespace amb::learners::maac
