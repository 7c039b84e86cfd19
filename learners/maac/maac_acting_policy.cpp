#include "learners/maac/maac_acting_policy.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "envs/registry.hpp"
#include "learners/maac/mpc.hpp"
#include "learners/maac/networks.hpp"

namespace amb::learners::maac {

namespace {

class maac_acting_policy final : public acting_policy {
 public:
  maac_acting_policy(const learner_context& context, const maac_settings& settings,
                     acting_mode mode)
      : task_(envs::make_env(context.env)),
        nets_(context, settings),
        mpc_(settings.mpc),
        discount_(settings.policy_learner.discount),
        explore_(mode == acting_mode::explore),
        policies_(explore_ ? 1 : 2),
        planning_(explore_ && settings.mpc.collect) {}

  void load_parameters(const parameter_view& theta) override {
    load_parameter_view(nets_.theta, theta, "MAAC θ");
  }

  void act(const float* observation, int, std::mt19937_64& rng, float* action) override {
    torch::NoGradGuard no_grad;
    const int obs_dim = nets_.policy->obs_dim, act_dim = nets_.policy->act_dim;
    const auto obs = torch::from_blob(const_cast<float*>(observation), {1, obs_dim});
    torch::Tensor chosen;
    if (planning_) {
      auto generator = at::detail::createCPUGenerator(rng());
      chosen = planned_action(nets_, *task_, obs, mpc_, discount_, generator);
    } else if (explore_) {
      std::vector<float> noise(static_cast<size_t>(act_dim));
      std::normal_distribution<float> normal;
      for (auto& n : noise) n = normal(rng);
      chosen = nets_.policy->sample(obs, torch::from_blob(noise.data(), {1, act_dim})).action;
    } else {
      chosen = nets_.policy->mean_action(obs);
    }
    const auto flat = chosen.reshape({act_dim}).contiguous();
    std::copy(flat.data_ptr<float>(), flat.data_ptr<float>() + act_dim, action);
  }

  size_t policy_count() const override { return policies_; }
  void select_policy(size_t index) override { planning_ = index == 1; }
  std::string other_policies_label() const override { return "mpc"; }

 private:
  std::unique_ptr<envs::environment> task_;  // for the planner's rewards
  networks nets_;
  mpc_settings mpc_;
  double discount_;
  bool explore_;
  size_t policies_;
  bool planning_;
};

}  // namespace

std::unique_ptr<acting_policy> make_maac_acting_policy(const learner_context& context,
                                                       const maac_settings& settings,
                                                       acting_mode mode) {
  return std::make_unique<maac_acting_policy>(context, settings, mode);
}

parameter_set initial_maac_parameters(const learner_context& context,
                                      const maac_settings& settings) {
  return parameter_set_of(networks(context, settings).theta);
}

}  // namespace amb::learners::maac
