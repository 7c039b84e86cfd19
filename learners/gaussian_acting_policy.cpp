#include "learners/gaussian_acting_policy.hpp"

namespace amb::learners {

namespace {

class gaussian_acting_policy final : public acting_policy {
 public:
  gaussian_acting_policy(const learner_context& context, const policy_config& policy,
                         acting_mode mode)
      : policy_(context.info.obs_dim, context.info.act_dim, policy, context.seed),
        explore_(mode == acting_mode::explore) {}

  void load_parameters(const parameter_view& theta) override { policy_.set_parameters(theta); }

  void act(const float* observation, int, std::mt19937_64& rng, float* action) override {
    if (explore_)
      policy_.sample_action(observation, action, rng);
    else
      policy_.mean_action(observation, action);
  }

 private:
  gaussian_mlp_policy policy_;
  bool explore_;
};

}  // namespace

std::unique_ptr<acting_policy> make_gaussian_acting_policy(const learner_context& context,
                                                           const policy_config& policy,
                                                           acting_mode mode) {
  return std::make_unique<gaussian_acting_policy>(context, policy, mode);
}

parameter_set initial_gaussian_policy(const learner_context& context, const policy_config& policy) {
  return gaussian_mlp_policy(context.info.obs_dim, context.info.act_dim, policy, context.seed)
      .parameters();
}

}  // namespace amb::learners
