#include "learners/naf/naf.hpp"

#include "learners/naf/local_model_learner.hpp"
#include "learners/naf/naf_acting_policy.hpp"
#include "learners/naf/naf_learner.hpp"
#include "learners/naf/settings.hpp"

namespace amb::learners::naf {

namespace {

naf_settings settings_of(const learner_context& context) {
  return config::from_json<naf_settings>(context.settings);
}

}  // namespace

algorithm naf_algorithm(std::string summary) {
  algorithm a;
  a.summary = std::move(summary);
  declare_settings<naf_settings>(a);
  learner_slot model;
  model.produces = "model";
  // φ carries the episode count; the episodes since the last fit come from the buffer's cursor.
  model.rereads_window = false;
  model.make = [](const learner_context& context) {
    const auto settings = settings_of(context);
    return make_local_model_learner(context, settings.local_models, settings.ilqg);
  };
  a.model_learner = model;
  learner_slot policy;
  policy.produces = "policy";
  policy.reads = {"model"};
  policy.rereads_window = true;  // R and the latest episodes come back from the buffer's window
  policy.make = [](const learner_context& context) {
    return make_naf_learner(context, settings_of(context));
  };
  a.policy_learner = policy;
  a.make_acting_policy = [](const learner_context& context, acting_mode mode) {
    return make_naf_acting_policy(context, settings_of(context), mode);
  };
  a.initial_policy = [](const learner_context& context) {
    return initial_naf_parameters(context, settings_of(context));
  };
  return a;
}

}  // namespace amb::learners::naf
