#include "learners/naf/local_model_learner.hpp"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

#include "learners/learner_state.hpp"
#include "learners/naf/local_models_parameters.hpp"
#include "learners/naf/recent_episodes.hpp"

namespace amb::learners::naf {

namespace {

class local_model_learner final : public learner {
 public:
  local_model_learner(const learner_context& context, const local_models_config& settings)
      : settings_(settings),
        phi_(context.info),
        recent_(context.info.obs_dim, context.info.act_dim, size_t(settings.episodes)) {}

  void load_parameters(const std::string& server, const parameter_view& parameters) override {
    if (server != "model")
      throw std::invalid_argument("the local model learner reads no '" + server + "' parameters");
    phi_.load(parameters);
  }

  void add_episode(const episode_view& e) override {
    recent_.add(e);
    ++unfitted_;
  }

  step_outcome step() override {
    if (unfitted_ < settings_.episodes) return {step_status::settled, {}};
    const auto episodes = recent_.all();
    auto fitted = fit_local_models(
        episodes, {phi_.horizon(), settings_.prior_samples, settings_.regularisation});
    if (!torch::isfinite(fitted.gain).all().item<bool>() ||
        !torch::isfinite(fitted.noise_factor).all().item<bool>())
      throw std::runtime_error(
          "local model learner: the fit is not finite (NaN or Inf in the data)");
    phi_.add_episodes(double(unfitted_));
    unfitted_ = 0;
    phi_.assign(fitted);
    return {step_status::stepped,
            {{"episodes", phi_.episodes()},
             {"prediction_error", phi_.prediction_error(episodes)},
             {"noise_std", phi_.noise_std()}}};
  }

  parameter_set parameters() const override { return phi_.parameters(); }

  // The episodes and the count live in φ; what is left over (the episodes since the last fit)
  // comes again from the data buffer's window.
  std::vector<float> state() const override { return {}; }
  void load_state(const float*, size_t count) override {
    if (count != 0)
      throw std::invalid_argument("local model learner state: expected none, got " +
                                  std::to_string(count) + " values");
  }

 private:
  local_models_config settings_;
  local_models_parameters phi_;
  recent_episodes recent_;
  int unfitted_ = 0;  // episodes received since the last fit
};

}  // namespace

std::unique_ptr<learner> make_local_model_learner(const learner_context& context,
                                                  const local_models_config& settings) {
  return std::make_unique<local_model_learner>(context, settings);
}

}  // namespace amb::learners::naf
