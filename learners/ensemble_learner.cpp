#include "learners/ensemble_learner.hpp"

#include <stdexcept>

#include "learners/dynamics_ensemble.hpp"

namespace amb::learners {

namespace {

class ensemble_learner final : public learner {
 public:
  ensemble_learner(const learner_context& context, const ensemble_config& model)
      // Its own streams (member splits, minibatches), apart from the policy's.
      : ensemble_(context.info.obs_dim, context.info.act_dim, model, context.seed * 1000003 + 17),
        obs_dim_(context.info.obs_dim) {}

  void load_parameters(const std::string& server, const parameter_view& phi) override {
    if (server != "model")
      throw std::invalid_argument("the ensemble learner reads no '" + server + "' parameters");
    ensemble_.set_parameters(phi);
  }

  void add_episode(const episode_view& e) override {
    ensemble_.add_transitions(e.observations, e.actions, e.observations + obs_dim_, e.length);
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
  int obs_dim_;
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
