#include "learners/maac/networks.hpp"

#include <torch/torch.h>

namespace amb::learners::maac {

namespace {

void add_all(named_tensors& to, const named_tensors& from, const std::string& prefix) {
  for (size_t i = 0; i < from.tensors.size(); ++i) to.add(prefix + from.names[i], from.tensors[i]);
}

}  // namespace

networks::networks(const learner_context& context, const maac_settings& settings)
    : policy(context.info.obs_dim, settings.networks.policy_hidden, context.info.act_low,
             context.info.act_high, context.seed + 11),
      critic(context.info.obs_dim, context.info.act_dim, settings.networks.critic_hidden,
             context.seed + 12),
      model(context.info.obs_dim, context.info.act_dim, settings.model, context.seed) {
  add_all(theta, policy->sections(), "policy.");
  add_all(theta, critic->sections(), "critic.");
  add_all(theta, model->sections(), "model.");
}

}  // namespace amb::learners::maac
