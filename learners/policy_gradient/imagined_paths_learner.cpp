#include "learners/policy_gradient/imagined_paths_learner.hpp"

#include <torch/torch.h>

#include "learners/imagined_world.hpp"
#include "learners/policy_gradient/gaussian_path_learner.hpp"
#include "learners/stopwatch.hpp"

namespace amb::learners::policy_gradient {

namespace {

class imagined_paths_learner final : public gaussian_path_learner {
 public:
  imagined_paths_learner(const learner_context& context, const policy_config& policy,
                         const ensemble_config& model, const imagined_path_source& paths,
                         const advantage_config& advantage, const update_rule& rule)
      : gaussian_path_learner(context, policy, advantage, rule, "imagined-paths learner"),
        world_(context, model),
        paths_(paths),
        members_(member_selection::named(paths.imagined_members, model.members)) {}

  void load_parameters(const std::string& server, const parameter_view& parameters) override {
    if (load_policy(server, parameters)) return;
    if (server != "model") refuse(server);
    world_.load_model(parameters);
  }

  void add_episode(const episode_view& e) override { world_.add_episode(e); }

  step_outcome step() override {
    if (!world_.ready()) return {step_status::waiting, {}};
    stopwatch clock;
    const auto paths = world_.imagine(policy_, world_.draw_start_states(paths_.imagined_paths),
                                      paths_.imagined_horizon, members_);
    const double imagination_seconds = clock.lap();
    auto values = update_(paths);
    values.emplace_back("imagination_seconds", imagination_seconds);
    values.emplace_back("imagined_return", paths.rewards.sum(1).mean().item<double>());
    return {step_status::stepped, std::move(values)};
  }

  void save_more(state_writer& out) const override { world_.save(out); }
  void load_more(state_reader& in) override { world_.load(in); }

 private:
  imagined_world world_;
  imagined_path_source paths_;
  member_selection members_;
};

}  // namespace

std::unique_ptr<learner> make_imagined_paths_learner(
    const learner_context& context, const policy_config& policy, const ensemble_config& model,
    const imagined_path_source& paths, const advantage_config& advantage, const update_rule& rule) {
  return std::make_unique<imagined_paths_learner>(context, policy, model, paths, advantage, rule);
}

}  // namespace amb::learners::policy_gradient
