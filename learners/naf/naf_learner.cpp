#include "learners/naf/naf_learner.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "envs/registry.hpp"
#include "learners/delivered_steps.hpp"
#include "learners/learner_state.hpp"
#include "learners/naf/imagination_rollouts.hpp"
#include "learners/naf/local_models_parameters.hpp"
#include "learners/naf/naf_theta.hpp"
#include "learners/naf/normalized_q.hpp"
#include "learners/naf/observation_moments.hpp"
#include "learners/naf/q_learning.hpp"
#include "learners/naf/recent_episodes.hpp"
#include "learners/stopwatch.hpp"

namespace amb::learners::naf {

namespace {

// Imagination starts drawn at most at once: a long gap between two steps (a start on a large
// window) must not become one huge rollout batch.
constexpr int64_t max_starts_per_step = 4096;

// How far the states [N, obs_dim] lie beyond the range observed so far, each by its farthest
// coordinate, on average (0 for none, and for states within it). A share of states outside would
// count every state, since dimensions the system never varied (the target) drift by a rounding.
double mean_excess(const torch::Tensor& states, const observation_moments& observed) {
  if (states.size(0) == 0) return 0;
  const auto excess =
      torch::max((states - observed.high()).clamp_min(0), (observed.low() - states).clamp_min(0));
  return std::get<0>(excess.max(1)).to(torch::kFloat64).mean().item<double>();
}

class naf_learner final : public learner {
 public:
  naf_learner(const learner_context& context, const naf_settings& settings)
      : settings_(settings.policy_learner),
        task_(envs::make_env(context.env)),
        q_(context.info.obs_dim, settings.networks.hidden, context.info.act_low,
           context.info.act_high, context.seed + 21),
        adam_(q_->sections().tensors, torch::optim::AdamOptions(settings_.learning_rate)),
        real_(context.info.obs_dim, context.info.act_dim, settings_.replay_capacity),
        imagined_(context.info.obs_dim, context.info.act_dim, settings_.imagined_capacity),
        recent_(context.info.obs_dim, context.info.act_dim,
                size_t(settings.local_models.episodes) * size_t(settings.local_models.modes)),
        phi_(context.info, settings.ilqg.initial_noise, settings.local_models.modes),
        controller_(context.info, settings.ilqg.initial_noise),
        observed_(context.info.obs_dim),
        generator_(at::detail::createCPUGenerator(context.seed + 22)) {
    if (settings_.twin_q)
      twin_ = std::make_unique<twin_q>(context, settings.networks.hidden, settings_.learning_rate);
  }

  void load_parameters(const std::string& server, const parameter_view& parameters) override {
    if (server == "model") {
      phi_.load(parameters);
      controller_.assign(phi_.controller());
    } else if (server == "policy") {
      load_parameter_view(naf_theta(q_, controller_), parameters, "NAF θ");
    } else {
      throw std::invalid_argument("the NAF learner reads no '" + server + "' parameters");
    }
  }

  void add_episode(const episode_view& e) override {
    real_.add_episode(e);
    recent_.add(e);
    delivered_.add(e);  // what the loaded state counted owes no updates and no rollouts again
    observed_.add(e);
    if (e.length > 0) {
      const auto [low, high] = std::minmax_element(e.rewards, e.rewards + e.length);
      reward_low_ = std::min(reward_low_, double(*low));
      reward_high_ = std::max(reward_high_, double(*high));
    }
  }

  step_outcome step() override {
    // Less than a batch of data, or I updates made per real step: only new data changes that.
    const int64_t owed = settings_.updates_per_env_step * delivered_.count() - real_updates_;
    if (real_.size() < settings_.batch_size || owed <= 0) return {step_status::settled, {}};
    stopwatch clock;
    const bool imagining = imagination_on();
    if (imagining) imagine_for_new_steps();
    q_->set_observation_normaliser(observed_.mean(), observed_.std());
    if (twin_) twin_->q->set_observation_normaliser(observed_.mean(), observed_.std());
    const double rollout_seconds = clock.lap();
    const int64_t updates = std::min<int64_t>(settings_.updates_per_step, owed);
    const bool use_imagined = imagining && imagined_.size() >= settings_.batch_size;
    double loss = 0, target = 0, state_value = 0, penalty = 0;
    for (int64_t i = 0; i < updates; ++i) {
      const auto result = update(real_);
      loss += result.loss;
      target += result.target;
      state_value += result.state_value;
      penalty += result.penalty;
      for (int k = 0; use_imagined && k < settings_.imagined_updates_per_real; ++k)
        update(imagined_);
    }
    real_updates_ += updates;
    if (use_imagined) imagined_updates_ += updates * settings_.imagined_updates_per_real;
    return {step_status::stepped,
            {{"q_loss", loss / double(updates)},
             {"q_target", target / double(updates)},
             {"state_value", state_value / double(updates)},
             {"advantage_penalty", penalty / double(updates)},
             {"real_updates", double(real_updates_)},
             {"imagined_updates", double(imagined_updates_)},
             {"updates_per_env_step", double(real_updates_) / double(delivered_.count())},
             {"imagination", imagining ? 1.0 : 0.0},
             {"imagined_transitions", double(imagined_.size())},
             {"imagined_beyond_observed", imagining ? imagined_beyond_observed_ : 0.0},
             {"rollout_seconds", rollout_seconds},
             {"update_seconds", clock.lap()}}};
  }

  parameter_set parameters() const override { return parameter_set_of(naf_theta(q_, controller_)); }

  // The replays come again from the data buffer's window (R) and from the next rollouts (R_f).
  // The twin is in the state whole: θ carries only the network the collectors act with. The
  // counters go last, the real steps with the episode up to which they were counted, so that
  // a new instance re-reading the window owes updates for newer episodes only.
  std::vector<float> state() const override {
    state_writer out;
    for (const auto& t : q_->target_sections().tensors) out.add(t);
    out.add(adam_);
    if (twin_) {
      for (const auto& t : twin_->q->sections().tensors) out.add(t);
      for (const auto& t : twin_->q->target_sections().tensors) out.add(t);
      out.add(twin_->adam);
    }
    out.add(generator_);
    delivered_.save(out);
    for (const auto counter : {env_steps_imagined_, real_updates_, imagined_updates_})
      out.add(double(counter));
    return out.take();
  }

  void load_state(const float* values, size_t count) override {
    state_reader in(values, count, "NAF learner state");
    for (auto t : q_->target_sections().tensors) in.read_into(t);
    in.read_into(adam_);
    if (twin_) {
      for (auto t : twin_->q->sections().tensors) in.read_into(t);
      for (auto t : twin_->q->target_sections().tensors) in.read_into(t);
      in.read_into(twin_->adam);
    }
    in.read_into(generator_);
    // A state written before the counters were kept ends here: that run owes the updates of its
    // re-read window again, as it did then.
    if (!in.at_end()) {
      delivered_.load(in);
      for (auto* counter : {&env_steps_imagined_, &real_updates_, &imagined_updates_})
        *counter = int64_t(in.read_double());
    }
    in.finish();
  }

 private:
  // On while the models exist and were fitted on fewer episodes than the switch-off count.
  bool imagination_on() const {
    return settings_.imagination && phi_.episodes() > 0 &&
           phi_.episodes() < double(settings_.imagination_episodes);
  }

  // One rollout per real step received since the last rollouts (Algorithm 2: m rollouts every
  // m steps), from states of the latest n episodes: those the models were fitted to, or newer.
  void imagine_for_new_steps() {
    const int64_t starts = std::min(delivered_.count() - env_steps_imagined_, max_starts_per_step);
    env_steps_imagined_ = delivered_.count();
    if (starts <= 0 || recent_.steps() == 0) return;
    // Checked before any update, so that a step that fails leaves θ as it was; a NaN in the
    // models' region would otherwise only end every rollout, silently.
    for (int m = 0; m < phi_.modes(); ++m)
      for (const auto& t : phi_.dynamics(m).sections().tensors)
        if (!torch::isfinite(t).all().item<bool>())
          throw std::runtime_error(
              "NAF learner: the local models are not finite (NaN or Inf in φ)");
    rollout_options options;
    options.length = settings_.imagined_length;
    options.exploration_noise = settings_.exploration_noise;
    if (settings_.bound_imagined_states) {
      options.low = observed_.low();
      options.high = observed_.high();
    }
    options.max_deviation = settings_.max_deviation;
    options.model_noise = settings_.model_noise;
    const auto rollouts = imagination_rollouts_by_mode(
        q_, phi_, *task_, recent_.draw(starts, generator_), options, generator_);
    if (!torch::isfinite(rollouts.next_obs).all().item<bool>() ||
        !torch::isfinite(rollouts.reward).all().item<bool>())
      throw std::runtime_error(
          "NAF learner: imagined transitions are not finite (NaN or Inf in "
          "the local models or θ)");
    imagined_beyond_observed_ = mean_excess(rollouts.next_obs, observed_);
    imagined_.add(rollouts);
  }

  // With a twin both networks regress on the same batch and the same (clipped) targets; the
  // result reported is the first's, whose μ acts.
  q_step_result update(const transition_replay& replay) {
    const auto batch = replay.draw(settings_.batch_size, generator_);
    const auto bounds = settings_.bound_targets
                            ? discounted_sum_range(reward_low_, reward_high_, settings_.discount)
                            : value_range{};
    const auto target =
        q_targets(q_, batch, settings_.discount, twin_ ? &twin_->q : nullptr, bounds);
    const q_step_options options{settings_.tau, settings_.max_gradient_norm};
    if (twin_) q_regression_step(twin_->q, twin_->adam, batch, target, options);
    return q_regression_step(q_, adam_, batch, target, options);
  }

  // The second Q network and its optimiser, from a seed of their own.
  struct twin_q {
    twin_q(const learner_context& context, const std::vector<int>& hidden, double learning_rate)
        : q(context.info.obs_dim, hidden, context.info.act_low, context.info.act_high,
            context.seed + 24),
          adam(q->sections().tensors, torch::optim::AdamOptions(learning_rate)) {}
    normalized_q q;
    torch::optim::Adam adam;
  };

  update_settings settings_;
  std::unique_ptr<envs::environment> task_;  // for its reward and terminal functions
  normalized_q q_;
  torch::optim::Adam adam_;
  std::unique_ptr<twin_q> twin_;       // with settings_.twin_q only
  transition_replay real_, imagined_;  // R and R_f
  recent_episodes recent_;             // where imagination starts from
  local_models_parameters phi_;
  controller_parameters controller_;  // φ's, passed on to collectors in θ
  observation_moments observed_;
  at::Generator generator_;
  // Real steps delivered, those imagination has started from, and updates made: in the state.
  delivered_steps delivered_;
  int64_t env_steps_imagined_ = 0;
  int64_t real_updates_ = 0, imagined_updates_ = 0;
  // The real rewards' range (bound_targets); updates start only after a batch of them arrived.
  double reward_low_ = std::numeric_limits<double>::infinity();
  double reward_high_ = -std::numeric_limits<double>::infinity();
  // How far the latest rollouts' next states lie beyond the observed range (mean_excess): 0
  // while they are bound to it (bound_imagined_states).
  double imagined_beyond_observed_ = 0;
};

}  // namespace

std::unique_ptr<learner> make_naf_learner(const learner_context& context,
                                          const naf_settings& settings) {
  return std::make_unique<naf_learner>(context, settings);
}

}  // namespace amb::learners::naf
