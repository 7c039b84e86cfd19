#include "learners/policy_gradient/real_paths_learner.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>

#include "learners/policy_gradient/gaussian_path_learner.hpp"

namespace amb::learners::policy_gradient {

namespace {

class real_paths_learner final : public gaussian_path_learner {
 public:
  real_paths_learner(const learner_context& context, const policy_config& policy,
                     const real_path_source& paths, const advantage_config& advantage,
                     const update_rule& rule)
      : gaussian_path_learner(context, policy, advantage, rule, "real-paths learner"),
        paths_(paths) {}

  void load_parameters(const std::string& server, const parameter_view& theta) override {
    if (!load_policy(server, theta)) refuse(server);
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

 private:
  real_path_source paths_;
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
