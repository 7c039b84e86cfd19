#include "learners/maac/maac_learner.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

#include "envs/registry.hpp"
#include "learners/delivered_steps.hpp"
#include "learners/learner_state.hpp"
#include "learners/maac/model_world.hpp"
#include "learners/maac/networks.hpp"
#include "learners/maac/temperature.hpp"
#include "learners/stopwatch.hpp"
#include "learners/transition_replay.hpp"

namespace amb::learners::maac {

namespace {

void require_finite(const torch::Tensor& loss, const char* what) {
  if (!std::isfinite(loss.item<double>()))
    throw std::runtime_error(std::string("MAAC learner: the ") + what +
                             " is not finite (NaN or Inf in the model, the data or θ)");
}

void set_requires_grad(const std::vector<torch::Tensor>& tensors, bool on) {
  for (const auto& t : tensors) t.set_requires_grad(on);
}

// The critics take no gradient from the actor's objective, whose backward pass then stops at
// their inputs instead of filling their weights' gradients for nothing.
class critics_frozen {
 public:
  explicit critics_frozen(const std::vector<torch::Tensor>& tensors) : tensors_(tensors) {
    set_requires_grad(tensors_, false);
  }
  ~critics_frozen() { set_requires_grad(tensors_, true); }

 private:
  const std::vector<torch::Tensor>& tensors_;
};

class maac_learner final : public learner {
 public:
  maac_learner(const learner_context& context, const maac_settings& settings)
      : settings_(settings.policy_learner),
        task_(envs::make_env(context.env)),
        nets_(context, settings),
        replay_(context.info.obs_dim, context.info.act_dim, settings.model.capacity),
        generator_(at::detail::createCPUGenerator(context.seed + 13)),
        temperature_(settings_.initial_temperature, -double(context.info.act_dim),
                     settings_.learning_rate),
        actor_adam_(nets_.policy->sections().tensors,
                    torch::optim::AdamOptions(settings_.learning_rate)),
        critic_adam_(nets_.critic->sections().tensors,
                     torch::optim::AdamOptions(settings_.learning_rate)),
        actor_world_(model_world(nets_, *task_, generator_, critic_values::online)),
        target_world_(model_world(nets_, *task_, generator_, critic_values::target)) {
    // φ is the model learner's: gradients pass through the model to states and actions only.
    set_requires_grad(nets_.model->sections().tensors, false);
  }

  void load_parameters(const std::string& server, const parameter_view& parameters) override {
    if (server == "model") {
      load_parameter_view(nets_.model->sections(), parameters, "model φ");
      has_model_ = true;
    } else if (server == "policy") {
      load_parameter_view(nets_.theta, parameters, "MAAC θ");
    } else {
      throw std::invalid_argument("the MAAC learner reads no '" + server + "' parameters");
    }
  }

  void add_episode(const episode_view& e) override {
    replay_.add_episode(e);
    delivered_.add(e);
  }

  step_outcome step() override {
    if (!has_model_ || replay_.size() == 0) return {step_status::waiting, {}};
    stopwatch clock;
    double critic_loss = 0, objective = 0, entropy = 0, q_target = 0;
    for (int i = 0; i < settings_.updates_per_step; ++i) {
      const auto batch = critic_batch();
      const auto critic = update_critics(batch);
      critic_loss += critic.first;
      q_target += critic.second;
      const auto actor = update_actor(batch.obs);
      objective += actor.first;
      entropy += actor.second;
    }
    updates_ += settings_.updates_per_step;
    const double n = settings_.updates_per_step;
    metrics values{{"critic_loss", critic_loss / n},
                   {"q_target", q_target / n},
                   {"actor_objective", objective / n},
                   {"entropy", entropy / n},
                   {"temperature", temperature_.value()},
                   {"updates", updates_},
                   {"updates_per_env_step", updates_ / std::max(double(delivered_.count()), 1.0)},
                   {"update_seconds", clock.lap()}};
    return {step_status::stepped, std::move(values)};
  }

  parameter_set parameters() const override { return parameter_set_of(nets_.theta); }

  std::vector<float> state() const override {
    state_writer out;
    for (const auto& t : nets_.critic->target_sections().tensors) out.add(t);
    temperature_.save(out);
    out.add(actor_adam_);
    out.add(critic_adam_);
    out.add(generator_);
    out.add(updates_);
    delivered_.save(out);
    return out.take();
  }

  void load_state(const float* values, size_t count) override {
    state_reader in(values, count, "MAAC learner state");
    for (auto t : nets_.critic->target_sections().tensors) in.read_into(t);
    temperature_.load(in);
    in.read_into(actor_adam_);
    in.read_into(critic_adam_);
    in.read_into(generator_);
    updates_ = in.read_double();
    // A state written before the real steps were kept ends here: they are counted again from the
    // re-read window, as they were then.
    if (!in.at_end()) delivered_.load(in);
    in.finish();
  }

 private:
  pathwise_settings pathwise() const {
    return {settings_.horizon, settings_.discount, temperature_.value()};
  }

  // A critic batch: real_fraction of it drawn from the real transitions, the rest imagined.
  transitions critic_batch() {
    const int64_t size = settings_.batch_size;
    const auto real = static_cast<int64_t>(std::lround(settings_.real_fraction * double(size)));
    std::vector<transitions> parts;
    if (real > 0) parts.push_back(replay_.draw(real, generator_));
    if (size > real) parts.push_back(imagined(size - real));
    return concatenated(parts);
  }

  // About n transitions of the policy in the model, imagined_length steps from real states
  // (as MBPO's branched rollouts); none after a terminal state.
  transitions imagined(int64_t n) {
    torch::NoGradGuard no_grad;
    const int length = settings_.imagined_length;
    auto obs = replay_.draw((n + length - 1) / length, generator_).obs;
    auto alive = torch::ones({obs.size(0)}, torch::kBool);
    std::vector<transitions> steps;
    for (int t = 0; t < length; ++t) {
      const auto act = actor_world_.act(obs).action;
      const auto next = actor_world_.step(obs, act);
      const auto terminal = actor_world_.terminal(obs, act, next);
      const auto keep = alive.nonzero().squeeze(1);
      steps.push_back({obs.index_select(0, keep), act.index_select(0, keep),
                       actor_world_.reward(obs, act, next).index_select(0, keep),
                       next.index_select(0, keep),
                       terminal.index_select(0, keep).to(torch::kFloat32)});
      alive = alive.logical_and(terminal.logical_not());
      obs = next;
    }
    const auto all = concatenated(steps);
    const auto rows = std::min(n, all.obs.size(0));
    return {all.obs.narrow(0, 0, rows), all.act.narrow(0, 0, rows), all.reward.narrow(0, 0, rows),
            all.next_obs.narrow(0, 0, rows), all.terminal.narrow(0, 0, rows)};
  }

  // Both critics towards r + γ V_H(s'), V_H the H-step expansion through the model with the
  // target critics at its end (value expansion; SAC's soft target when H = 0). Returns the loss
  // and the targets' mean.
  std::pair<double, double> update_critics(const transitions& batch) {
    torch::Tensor target;
    {
      torch::NoGradGuard no_grad;
      const auto expanded = pathwise_objective(target_world_, batch.next_obs, pathwise());
      target = batch.reward + settings_.discount * (1 - batch.terminal) * expanded.objective;
    }
    const auto [q1, q2] = nets_.critic->values(batch.obs, batch.act);
    const auto loss = 0.5 * ((q1 - target).pow(2).mean() + (q2 - target).pow(2).mean());
    require_finite(loss, "critic loss");
    critic_adam_.zero_grad();
    loss.backward();
    critic_adam_.step();
    nets_.critic->soft_update(settings_.tau);
    return {loss.item<double>(), target.mean().item<double>()};
  }

  // θ along the pathwise gradient of J from `starts`, action_samples paths each; then α.
  // Returns J's mean and the entropy estimate -E[log π(a_0|s_0)].
  std::pair<double, double> update_actor(const torch::Tensor& starts) {
    pathwise_value value;
    torch::Tensor loss;
    {
      critics_frozen frozen(nets_.critic->sections().tensors);
      value = pathwise_objective(actor_world_,
                                 starts.repeat_interleave(settings_.action_samples, 0), pathwise());
      loss = -value.objective.mean();
      require_finite(loss, "actor objective");
      actor_adam_.zero_grad();
      loss.backward();
    }
    actor_adam_.step();
    temperature_.update(value.log_prob);
    return {-loss.item<double>(), -value.log_prob.mean().item<double>()};
  }

  update_settings settings_;
  std::unique_ptr<envs::environment> task_;  // for its reward and terminal functions
  networks nets_;
  transition_replay replay_;
  at::Generator generator_;
  temperature temperature_;
  torch::optim::Adam actor_adam_, critic_adam_;
  pathwise_world actor_world_, target_world_;
  bool has_model_ = false;
  double updates_ = 0;
  delivered_steps delivered_;  // over the run: in the state
};

}  // namespace

std::unique_ptr<learner> make_maac_learner(const learner_context& context,
                                           const maac_settings& settings) {
  return std::make_unique<maac_learner>(context, settings);
}

}  // namespace amb::learners::maac
