#include "learners/naf/naf_acting_policy.hpp"

#include <torch/torch.h>

#include "learners/naf/imagination_rollouts.hpp"
#include "learners/naf/naf_theta.hpp"
#include "learners/naf/normalized_q.hpp"

namespace amb::learners::naf {

namespace {

normalized_q q_network(const learner_context& context, const naf_settings& settings) {
  // The learner's seed offset, so that θ v1 is the network the learner starts from.
  return normalized_q(context.info.obs_dim, settings.networks.hidden, context.info.act_low,
                      context.info.act_high, context.seed + 21);
}

class naf_acting_policy final : public acting_policy {
 public:
  naf_acting_policy(const learner_context& context, const naf_settings& settings, acting_mode mode)
      : info_(context.info),
        q_(q_network(context, settings)),
        controller_(context.info, settings.ilqg.initial_noise),
        bounds_(context.info),
        exploring_(mode == acting_mode::explore),
        noise_(exploring_ ? settings.policy_learner.exploration_noise : 0.0),
        controller_fraction_(settings.ilqg.episode_fraction),
        noise_draw_(static_cast<size_t>(context.info.act_dim)) {}

  void load_parameters(const parameter_view& theta) override {
    load_parameter_view(naf_theta(q_, controller_), theta, "NAF θ");
  }

  size_t policy_count() const override { return controller_fraction_ > 0 ? 2 : 1; }
  void select_policy(size_t index) override { evaluating_controller_ = index == 1; }
  std::string other_policies_label() const override { return "ilqg"; }

  void act(const float* observation, int t, std::mt19937_64& rng, float* action) override {
    if (exploring_ && t == 0 && controller_fraction_ > 0 && controller_.steps() > 0)
      controller_episode_ = std::bernoulli_distribution(controller_fraction_)(rng);
    if (evaluating_controller_ || (exploring_ && controller_episode_)) {
      controller_.act(observation, t, exploring_, rng, action);
      return;
    }
    torch::NoGradGuard no_grad;
    const auto obs = torch::from_blob(const_cast<float*>(observation), {1, info_.obs_dim});
    auto chosen = q_->greedy_action(obs);
    if (noise_ > 0) {  // exploring
      std::normal_distribution<float> normal;
      for (auto& n : noise_draw_) n = normal(rng);
      chosen = exploring_action(chosen, torch::from_blob(noise_draw_.data(), {1, info_.act_dim}),
                                bounds_, noise_);
    }
    chosen = chosen.reshape({info_.act_dim}).contiguous();
    std::copy(chosen.data_ptr<float>(), chosen.data_ptr<float>() + info_.act_dim, action);
  }

 private:
  envs::env_info info_;
  normalized_q q_;
  controller_parameters controller_;
  action_bounds bounds_;
  bool exploring_;
  double noise_;  // zero when evaluating: the greedy action μ(x)
  double controller_fraction_;
  bool controller_episode_ = false;     // exploring: this episode is the controller's
  bool evaluating_controller_ = false;  // evaluating: policy 1, the controller's mean
  std::vector<float> noise_draw_;       // [act_dim], reused at every step
};

}  // namespace

std::unique_ptr<acting_policy> make_naf_acting_policy(const learner_context& context,
                                                      const naf_settings& settings,
                                                      acting_mode mode) {
  return std::make_unique<naf_acting_policy>(context, settings, mode);
}

parameter_set initial_naf_parameters(const learner_context& context, const naf_settings& settings) {
  return parameter_set_of(
      naf_theta(q_network(context, settings),
                controller_parameters(context.info, settings.ilqg.initial_noise)));
}

}  // namespace amb::learners::naf
