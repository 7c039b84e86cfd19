#include "learners/random/initial_policy.hpp"

#include "learners/gaussian_acting_policy.hpp"

namespace amb::learners::random {

namespace {

struct settings {
  policy_config policy;
};

template <class Visit>
void visit_fields(settings& c, Visit&& v) {
  v("policy", c.policy);
}

policy_config policy_of(const learner_context& context) {
  return config::from_json<settings>(context.settings).policy;
}

}  // namespace

algorithm initial_policy_algorithm(std::string summary) {
  algorithm a;
  a.summary = std::move(summary);
  declare_settings<settings>(a);
  a.make_acting_policy = [](const learner_context& context, acting_mode mode) {
    return make_gaussian_acting_policy(context, policy_of(context), mode);
  };
  a.initial_policy = [](const learner_context& context) {
    return initial_gaussian_policy(context, policy_of(context));
  };
  return a;
}

}  // namespace amb::learners::random
