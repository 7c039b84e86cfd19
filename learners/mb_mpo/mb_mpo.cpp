#include "learners/mb_mpo/mb_mpo.hpp"

#include "learners/ensemble_learner.hpp"
#include "learners/gaussian_acting_policy.hpp"
#include "learners/mb_mpo/adapted_acting_policy.hpp"
#include "learners/mb_mpo/adapted_policies.hpp"
#include "learners/mb_mpo/meta_learner.hpp"
#include "learners/mb_mpo/settings.hpp"

namespace amb::learners::mb_mpo {

namespace {

mb_mpo_settings settings_of(const learner_context& context) {
  return config::from_json<mb_mpo_settings>(context.settings);
}

}  // namespace

algorithm mb_mpo_algorithm(std::string summary) {
  algorithm a;
  a.summary = std::move(summary);
  declare_settings<mb_mpo_settings>(a);
  a.model_learner = ensemble_learner_slot(
      [](const learner_context& context) { return settings_of(context).model; });
  learner_slot policy;
  policy.produces = "policy";
  policy.reads = {"model"};
  policy.rereads_window = true;  // its start states come back from the buffer's window
  policy.make = [](const learner_context& context) {
    const auto s = settings_of(context);
    return make_meta_learner(context, s.policy, s.model, s.policy_learner);
  };
  a.policy_learner = policy;
  a.make_acting_policy = [](const learner_context& context, acting_mode mode) {
    const auto s = settings_of(context);
    return make_adapted_acting_policy(context, s.policy, s.model.members, mode);
  };
  a.initial_policy = [](const learner_context& context) {
    const auto s = settings_of(context);
    return unadapted(initial_gaussian_policy(context, s.policy), s.model.members);
  };
  return a;
}

}  // namespace amb::learners::mb_mpo
