#include "learners/naf/local_model_learner.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "envs/registry.hpp"
#include "learners/learner_state.hpp"
#include "learners/naf/ilqg.hpp"
#include "learners/naf/local_models_parameters.hpp"
#include "learners/naf/recent_episodes.hpp"
#include "learners/naf/trajectory_modes.hpp"
#include "learners/stopwatch.hpp"

namespace amb::learners::naf {

namespace {

class local_model_learner final : public learner {
 public:
  local_model_learner(const learner_context& context, const local_models_config& settings,
                      const ilqg_config& ilqg)
      : settings_(settings),
        ilqg_(ilqg),
        task_(envs::make_env(context.env)),
        phi_(context.info, ilqg.initial_noise, settings.modes),
        recent_(context.info.obs_dim, context.info.act_dim,
                size_t(settings.episodes) * size_t(settings.modes)),
        mixture_prior_(settings.prior == "mixture"),
        history_(context.info.obs_dim, context.info.act_dim, size_t(settings.mixture_episodes)),
        generator_(at::detail::createCPUGenerator(context.seed + 23)) {}

  void load_parameters(const std::string& server, const parameter_view& parameters) override {
    if (server != "model")
      throw std::invalid_argument("the local model learner reads no '" + server + "' parameters");
    phi_.load(parameters);
  }

  void add_episode(const episode_view& e) override {
    recent_.add(e);
    if (mixture_prior_) history_.add(e);
    ++unfitted_;
  }

  step_outcome step() override {
    const bool fitted_before = phi_.episodes() > 0;
    const int due =
        fitted_before && settings_.refit_every > 0 ? settings_.refit_every : settings_.episodes;
    if (unfitted_ < due) return {step_status::settled, {}};
    stopwatch clock;
    const auto episodes = recent_.all();
    // The last fit on the episodes that came after it: the states imagination starts from
    // until this refit lands, so this error, not the in-sample one, is what rollouts meet.
    const double unseen_error = fitted_before ? phi_.prediction_error(newest(episodes)) : 0;
    std::optional<gaussian_mixture> mixture;
    if (mixture_prior_) mixture = fit_prior_mixture();
    std::vector<linear_gaussian_dynamics> fitted;
    for (const auto& group :
         episodes_by_mode(episodes, settings_.modes, size_t(settings_.episodes))) {
      fitted.push_back(fit_local_models(
          group, {phi_.horizon(), settings_.prior_samples, settings_.regularisation},
          mixture ? &*mixture : nullptr));
      if (!torch::isfinite(fitted.back().gain).all().item<bool>() ||
          !torch::isfinite(fitted.back().noise_factor).all().item<bool>())
        throw std::runtime_error(
            "local model learner: the fit is not finite (NaN or Inf in the data)");
    }
    // What a refit costs: the mixture's EM and the per-step fits, not the iLQG step after them.
    const double fit_seconds = clock.lap();
    metrics planned;
    if (ilqg_.episode_fraction > 0) planned = plan(fitted.front());
    phi_.add_episodes(double(unfitted_));
    unfitted_ = 0;
    phi_.assign(fitted);
    metrics out{{"episodes", phi_.episodes()},
                {"prediction_error", phi_.prediction_error(episodes)},
                {"unseen_error", unseen_error},
                {"noise_std", phi_.noise_std()},
                {"fit_seconds", fit_seconds}};
    if (settings_.modes > 1) out.emplace_back("modes", double(fitted.size()));
    if (mixture) out.emplace_back("prior_clusters", mixture->clusters());
    out.insert(out.end(), planned.begin(), planned.end());
    return {step_status::stepped, out};
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
  // The episodes since the last fit: all of the window unless refits slide it.
  std::vector<recorded_episode> newest(const std::vector<recorded_episode>& window) const {
    const auto count = std::min(window.size(), size_t(unfitted_));
    return {window.end() - std::ptrdiff_t(count), window.end()};
  }

  // The mixture over every step of the latest `mixture_episodes` episodes, with as many
  // clusters as those rows fill to `mixture_cluster_rows` each, up to `mixture_clusters`.
  gaussian_mixture fit_prior_mixture() {
    std::vector<torch::Tensor> rows;
    for (const auto& e : history_.episodes()) rows.push_back(transition_rows(e));
    const auto all = torch::cat(rows);
    const auto clusters = std::clamp<int64_t>(all.size(0) / settings_.mixture_cluster_rows, 1,
                                              settings_.mixture_clusters);
    return gaussian_mixture::fit(all, static_cast<int>(clusters), settings_.regularisation,
                                 generator_);
  }

  // One iLQG step from φ's controller on the new models, taken into φ only when finite.
  metrics plan(const linear_gaussian_dynamics& fitted) {
    const auto step = ilqg_step(*task_, fitted, phi_.controller().controller(),
                                ilqg_.kl_per_step * double(fitted.horizon()));
    for (const auto& t : {step.controller.gain, step.controller.offset, step.controller.factor})
      if (!torch::isfinite(t).all().item<bool>())
        throw std::runtime_error("local model learner: the iLQG controller is not finite");
    phi_.controller().assign_step(step.controller);
    return {{"ilqg_kl", step.kl},
            {"ilqg_eta", step.eta},
            {"ilqg_cost_change", step.expected_cost - step.previous_cost}};
  }

  local_models_config settings_;
  ilqg_config ilqg_;
  std::unique_ptr<envs::environment> task_;  // for the reward the controller maximises
  local_models_parameters phi_;
  recent_episodes recent_;
  bool mixture_prior_;       // local_models.prior is "mixture"
  recent_episodes history_;  // what the mixture prior is fitted to (left empty otherwise)
  at::Generator generator_;  // the mixture's starting means
  int unfitted_ = 0;         // episodes received since the last fit
};

}  // namespace

std::unique_ptr<learner> make_local_model_learner(const learner_context& context,
                                                  const local_models_config& settings,
                                                  const ilqg_config& ilqg) {
  return std::make_unique<local_model_learner>(context, settings, ilqg);
}

}  // namespace amb::learners::naf
