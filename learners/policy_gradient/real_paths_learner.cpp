#include "learners/policy_gradient/real_paths_learner.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>

#include "learners/policy_gradient/path_update.hpp"

namespace amb::learners::policy_gradient {

namespace {

class real_paths_learner final : public learner {
 public:
  real_paths_learner(const learner_context& context, const policy_config& policy,
                     const real_path_source& paths, const advantage_config& advantage,
                     const update_rule& rule)
      : policy_(context.info.obs_dim, context.info.act_dim, policy, context.seed),
        paths_(paths),
        update_(policy_, advantage, rule, context.seed + 3) {}

  void load_parameters(const std::string& server, const float* values, size_t count) override {
    if (server != "policy")
      throw std::invalid_argument("the real-paths learner reads no '" + server + "' parameters");
    load_flat_values(policy_->ordered_parameters(), values, count, "policy θ");
  }

  void add_episode(const episode_view& e) override {
    const int64_t length = static_cast<int64_t>(e.length);
    auto copy = [](const float* p, std::vector<int64_t> shape) {
      return torch::from_blob(const_cast<float*>(p), shape).clone();
    };
    fresh_.push_back({copy(e.observations, {length + 1, policy_->obs_dim}),
                      copy(e.actions, {length, policy_->act_dim}), copy(e.rewards, {length})});
  }

  step_outcome step() override {
    if (fresh_.size() < static_cast<size_t>(paths_.paths_per_step))
      return {step_status::waiting, {}};
    int64_t steps = fresh_.front().rewards.size(0);
    for (const auto& p : fresh_) steps = std::min(steps, p.rewards.size(0));
    std::vector<torch::Tensor> obs, act, rew;
    for (const auto& p : fresh_) {
      obs.push_back(p.observations.slice(0, 0, steps + 1));
      act.push_back(p.actions.slice(0, 0, steps));
      rew.push_back(p.rewards.slice(0, 0, steps));
    }
    fresh_.clear();
    auto values = update_({torch::stack(obs), torch::stack(act), torch::stack(rew)});
    return {step_status::stepped, std::move(values)};
  }

  std::vector<float> parameters() const override {
    return flat_values(policy_->ordered_parameters());
  }

  std::vector<float> state() const override {
    state_writer out;
    update_.save(out);
    return out.take();
  }

  void load_state(const float* values, size_t count) override {
    state_reader in(values, count, "real-paths learner state");
    update_.load(in);
    in.finish();
  }

 private:
  gaussian_mlp_module policy_;
  real_path_source paths_;
  path_update update_;
  std::vector<path_batch> fresh_;  // one path each, not yet learned from
};

}  // namespace

std::unique_ptr<learner> make_real_paths_learner(const learner_context& context,
                                                 const policy_config& policy,
                                                 const real_path_source& paths,
                                                 const advantage_config& advantage,
                                                 const update_rule& rule) {
  return std::make_unique<real_paths_learner>(context, policy, paths, advantage, rule);
}

}  // namespace amb::learners::policy_gradient
