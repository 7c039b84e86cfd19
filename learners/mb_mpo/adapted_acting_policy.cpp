#include "learners/mb_mpo/adapted_acting_policy.hpp"

#include <vector>

#include "learners/mb_mpo/adapted_policies.hpp"

namespace amb::learners::mb_mpo {

namespace {

class adapted_acting_policy final : public acting_policy {
 public:
  adapted_acting_policy(const learner_context& context, const policy_config& policy, int members,
                        acting_mode mode)
      : explore_(mode == acting_mode::explore) {
    for (int i = 0; i <= members; ++i)
      policies_.emplace_back(context.info.obs_dim, context.info.act_dim, policy, context.seed);
    single_ = policies_.front().parameters().layout;
    layout_ = meta_layout(single_, members);
  }

  void load_parameters(const parameter_view& theta) override {
    check_layout(theta, layout_, "MB-MPO θ");
    for (size_t i = 0; i < policies_.size(); ++i)
      policies_[i].set_parameters(policy_in(theta, single_, static_cast<int>(i)));
  }

  void act(const float* observation, int t, std::mt19937_64& rng, float* action) override {
    if (!explore_) return policies_[selected_].mean_action(observation, action);
    const size_t members = policies_.size() - 1;
    if (t == 0 || turn_ < 0)
      turn_ = turn_ < 0 ? static_cast<int>(rng() % members) : (turn_ + 1) % int(members);
    policies_[1 + static_cast<size_t>(turn_)].sample_action(observation, action, rng);
  }

  size_t policy_count() const override { return policies_.size(); }
  void select_policy(size_t index) override { selected_ = index; }
  std::string other_policies_label() const override { return "adapted"; }

 private:
  std::vector<gaussian_mlp_policy> policies_;  // the meta-policy, then each member's adapted one
  parameter_layout single_, layout_;           // of one policy, of θ
  bool explore_;
  size_t selected_ = 0;  // evaluating
  int turn_ = -1;        // exploring: the member of the current episode; none before the first
};

}  // namespace

std::unique_ptr<acting_policy> make_adapted_acting_policy(const learner_context& context,
                                                          const policy_config& policy, int members,
                                                          acting_mode mode) {
  return std::make_unique<adapted_acting_policy>(context, policy, members, mode);
}

}  // namespace amb::learners::mb_mpo
