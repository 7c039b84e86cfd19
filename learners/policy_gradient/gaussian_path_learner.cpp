#include "learners/policy_gradient/gaussian_path_learner.hpp"

#include <stdexcept>

namespace amb::learners::policy_gradient {

gaussian_path_learner::gaussian_path_learner(const learner_context& context,
                                             const policy_config& policy,
                                             const advantage_config& advantage,
                                             const update_rule& rule, std::string name)
    : policy_(context.info.obs_dim, context.info.act_dim, policy, context.seed),
      update_(policy_, advantage, rule, context.seed + 3),
      name_(std::move(name)) {}

parameter_set gaussian_path_learner::parameters() const {
  return parameter_set_of(policy_->sections());
}

std::vector<float> gaussian_path_learner::state() const {
  state_writer out;
  update_.save(out);
  save_more(out);
  return out.take();
}

void gaussian_path_learner::load_state(const float* values, size_t count) {
  state_reader in(values, count, name_ + " state");
  update_.load(in);
  load_more(in);
  in.finish();
}

bool gaussian_path_learner::load_policy(const std::string& server, const parameter_view& theta) {
  if (server != "policy") return false;
  load_parameter_view(policy_->sections(), theta, "policy θ");
  return true;
}

void gaussian_path_learner::refuse(const std::string& server) const {
  throw std::invalid_argument("the " + name_ + " reads no '" + server + "' parameters");
}

}  // namespace amb::learners::policy_gradient
