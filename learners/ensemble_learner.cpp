#include "learners/ensemble_learner.hpp"

#include <stdexcept>

#include "envs/environment.hpp"
#include "learners/dynamics_ensemble.hpp"

namespace amb::learners {

namespace {

class ensemble_learner final : public learner {
 public:
  ensemble_learner(const learner_context& context, const ensemble_config& model)
      // Its own streams (member splits, minibatches), apart from the policy's.
      : ensemble_(context.info.obs_dim, context.info.act_dim, model, context.seed * 1000003 + 17),
        info_(context.info) {}

  void load_parameters(const std::string& server, const parameter_view& phi) override {
    if (server != "model")
      throw std::invalid_argument("the ensemble learner reads no '" + server + "' parameters");
    ensemble_.set_parameters(phi);
  }

  // The model learns what the robot did: the actions as the actuators received them, clipped
  // into the bounds (imagination feeds it clipped actions too), not the policy's samples.
  void add_episode(const episode_view& e) override {
    commanded_.resize(e.length * static_cast<size_t>(info_.act_dim));
    envs::clip_actions(info_, e.actions, e.length, commanded_.data());
    ensemble_.add_transitions(e.observations, commanded_.data(), e.observations + info_.obs_dim,
                              e.length);
  }

  step_outcome step() override {
    if (ensemble_.all_stopped()) return {step_status::settled, {}};
    if (ensemble_.transitions() < 2) return {step_status::waiting, {}};
    auto values = ensemble_.train_epoch();
    values.emplace_back("transitions", double(ensemble_.transitions()));
    return {step_status::stepped, std::move(values)};
  }

  parameter_set parameters() const override { return ensemble_.parameters(); }
  std::vector<float> state() const override { return ensemble_.state(); }
  void load_state(const float* values, size_t count) override {
    ensemble_.load_state(values, count);
  }

 private:
  dynamics_ensemble ensemble_;
  envs::env_info info_;
  std::vector<float> commanded_;  // one episode's clipped actions
};

}  // namespace

std::unique_ptr<learner> make_ensemble_learner(const learner_context& context,
                                               const ensemble_config& model) {
  return std::make_unique<ensemble_learner>(context, model);
}

learner_slot ensemble_learner_slot(
    std::function<ensemble_config(const learner_context&)> model_of) {
  learner_slot slot;
  slot.produces = "model";
  slot.rereads_window = true;
  slot.make = [model_of](const learner_context& context) {
    return make_ensemble_learner(context, model_of(context));
  };
  return slot;
}

}  // namespace amb::learners
