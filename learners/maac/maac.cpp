#include "learners/maac/maac.hpp"

#include "learners/ensemble_learner.hpp"
#include "learners/maac/maac_acting_policy.hpp"
#include "learners/maac/maac_learner.hpp"
#include "learners/maac/settings.hpp"

namespace amb::learners::maac {

namespace {

maac_settings settings_of(const learner_context& context) {
  return config::from_json<maac_settings>(context.settings);
}

}  // namespace

algorithm maac_algorithm(std::string summary) {
  algorithm a;
  a.summary = std::move(summary);
  declare_settings<maac_settings>(a);
  a.model_learner = ensemble_learner_slot(
      [](const learner_context& context) { return settings_of(context).model; });
  learner_slot policy;
  policy.produces = "policy";
  policy.reads = {"model"};
  policy.rereads_window = true;  // its real transitions come back from the buffer's window
  policy.make = [](const learner_context& context) {
    return make_maac_learner(context, settings_of(context));
  };
  a.policy_learner = policy;
  a.make_acting_policy = [](const learner_context& context, acting_mode mode) {
    return make_maac_acting_policy(context, settings_of(context), mode);
  };
  a.initial_policy = [](const learner_context& context) {
    return initial_maac_parameters(context, settings_of(context));
  };
  return a;
}

}  // namespace amb::learners::maac
