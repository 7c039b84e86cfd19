#include "learners/policy_gradient/imagined_paths_learner.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <stdexcept>

#include "envs/registry.hpp"
#include "learners/ensemble_network.hpp"
#include "learners/imagination.hpp"
#include "learners/policy_gradient/gaussian_path_learner.hpp"
#include "learners/row_ring.hpp"
#include "learners/stopwatch.hpp"

namespace amb::learners::policy_gradient {

namespace {

// Real states kept to start imagined rollouts from: the newest this many.
constexpr int64_t start_state_capacity = 100000;

class imagined_paths_learner final : public gaussian_path_learner {
 public:
  imagined_paths_learner(const learner_context& context, const policy_config& policy,
                         const ensemble_config& model, const imagined_path_source& paths,
                         const advantage_config& advantage, const update_rule& rule)
      : gaussian_path_learner(context, policy, advantage, rule, "imagined-paths learner"),
        task_(envs::make_env(context.env)),
        model_(context.info.obs_dim, context.info.act_dim, model, context.seed),
        paths_(paths),
        members_(member_selection::named(paths.imagined_members, model.members)),
        generator_(at::detail::createCPUGenerator(context.seed + 2)),
        start_states_(context.info.obs_dim, start_state_capacity) {}

  void load_parameters(const std::string& server, const parameter_view& parameters) override {
    if (load_policy(server, parameters)) return;
    if (server != "model") refuse(server);
    load_parameter_view(model_->sections(), parameters, "model φ");
    has_model_ = true;
  }

  void add_episode(const episode_view& e) override {
    const auto states = torch::from_blob(const_cast<float*>(e.observations),
                                         {static_cast<int64_t>(e.length + 1), policy_->obs_dim});
    start_states_.append(states);
  }

  step_outcome step() override {
    if (!has_model_ || start_states_.size() == 0) return {step_status::waiting, {}};
    stopwatch clock;
    const auto picks =
        torch::randint(start_states_.size(), {paths_.imagined_paths}, generator_, torch::kInt64);
    const auto paths = imagine(model_, policy_, *task_, start_states_.rows().index_select(0, picks),
                               paths_.imagined_horizon, members_, generator_);
    const double imagination_seconds = clock.lap();
    auto values = update_(paths);
    values.emplace_back("imagination_seconds", imagination_seconds);
    values.emplace_back("imagined_return", paths.rewards.sum(1).mean().item<double>());
    return {step_status::stepped, std::move(values)};
  }

  void save_more(state_writer& out) const override { out.add(generator_); }
  void load_more(state_reader& in) override { in.read_into(generator_); }

 private:
  std::unique_ptr<envs::environment> task_;  // for its reward function only
  ensemble_network model_;
  imagined_path_source paths_;
  member_selection members_;
  at::Generator generator_;
  row_ring start_states_;  // [M, obs_dim]
  bool has_model_ = false;
};

}  // namespace

std::unique_ptr<learner> make_imagined_paths_learner(
    const learner_context& context, const policy_config& policy, const ensemble_config& model,
    const imagined_path_source& paths, const advantage_config& advantage, const update_rule& rule) {
  return std::make_unique<imagined_paths_learner>(context, policy, model, paths, advantage, rule);
}

}  // namespace amb::learners::policy_gradient
