#include "learners/policy_gradient/policy_gradient.hpp"

#include "learners/ensemble_learner.hpp"
#include "learners/gaussian_acting_policy.hpp"
#include "learners/policy_gradient/imagined_paths_learner.hpp"
#include "learners/policy_gradient/real_paths_learner.hpp"
#include "learners/policy_gradient/settings.hpp"

namespace amb::learners::policy_gradient {

namespace {

template <class Settings>
Settings settings_of(const learner_context& context) {
  return config::from_json<Settings>(context.settings);
}

// What every variant shares: its sections, and the Gaussian MLP as acting policy and θ v1.
template <class Settings>
algorithm gaussian_policy_algorithm(std::string summary) {
  algorithm a;
  a.summary = std::move(summary);
  declare_settings<Settings>(a);
  a.make_acting_policy = [](const learner_context& context, acting_mode mode) {
    return make_gaussian_acting_policy(context, settings_of<Settings>(context).policy, mode);
  };
  a.initial_policy = [](const learner_context& context) {
    return initial_gaussian_policy(context, settings_of<Settings>(context).policy);
  };
  return a;
}

template <class Update>
algorithm in_model(std::string summary) {
  using settings = model_based_settings<Update>;
  auto a = gaussian_policy_algorithm<settings>(std::move(summary));
  a.model_learner = ensemble_learner_slot(
      [](const learner_context& context) { return settings_of<settings>(context).model; });
  learner_slot policy;
  policy.produces = "policy";
  policy.reads = {"model"};
  // Its start states come back from the buffer's window, as they were, after a restart.
  policy.rereads_window = true;
  policy.make = [](const learner_context& context) {
    const auto s = settings_of<settings>(context);
    return make_imagined_paths_learner(context, s.policy, s.model, s.policy_learner.paths,
                                       s.policy_learner.advantage, s.policy_learner.update);
  };
  a.policy_learner = policy;
  return a;
}

template <class Update>
algorithm on_real_paths(std::string summary) {
  using settings = model_free_settings<Update>;
  auto a = gaussian_policy_algorithm<settings>(std::move(summary));
  learner_slot policy;
  policy.produces = "policy";
  policy.make = [](const learner_context& context) {
    const auto s = settings_of<settings>(context);
    return make_real_paths_learner(context, s.policy, s.policy_learner.paths,
                                   s.policy_learner.advantage, s.policy_learner.update);
  };
  a.policy_learner = policy;
  return a;
}

}  // namespace

algorithm policy_gradient_algorithm(path_source source, update_kind update, std::string summary) {
  if (source == path_source::imagined)
    return update == update_kind::trpo ? in_model<trpo_config>(std::move(summary))
                                       : in_model<ppo_config>(std::move(summary));
  return update == update_kind::trpo ? on_real_paths<trpo_config>(std::move(summary))
                                     : on_real_paths<ppo_config>(std::move(summary));
}

}  // namespace amb::learners::policy_gradient
