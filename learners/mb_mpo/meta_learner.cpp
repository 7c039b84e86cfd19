#include "learners/mb_mpo/meta_learner.hpp"

#include <torch/torch.h>

#include <stdexcept>

#include "learners/compute_threads.hpp"
#include "learners/gaussian_mlp_module.hpp"
#include "learners/imagined_world.hpp"
#include "learners/mb_mpo/adaptation.hpp"
#include "learners/mb_mpo/adapted_policies.hpp"
#include "learners/mb_mpo/task_rollouts.hpp"
#include "learners/stopwatch.hpp"
#include "learners/trust_region.hpp"

namespace amb::learners::mb_mpo {

namespace {

using thetas = std::vector<std::vector<torch::Tensor>>;

std::vector<torch::Tensor> detached(const std::vector<torch::Tensor>& theta) {
  std::vector<torch::Tensor> copy;
  for (const auto& t : theta) copy.push_back(t.detach().clone());
  return copy;
}

// Runs task(t) for every task, the tasks split between the compute threads.
void for_each_task(int tasks, const std::function<void(int)>& task) {
  const auto pieces = split_range(tasks, 1);
  run_pieces(pieces.size(), [&](size_t i) {
    for (auto t = pieces[i].first; t < pieces[i].second; ++t) task(int(t));
  });
}

class meta_learner final : public learner {
 public:
  meta_learner(const learner_context& context, const policy_config& policy,
               const ensemble_config& model, const meta_learner_settings& settings)
      : policy_(context.info.obs_dim, context.info.act_dim, policy, context.seed),
        world_(context, model),
        settings_(settings),
        members_(model.members),
        single_(policy_->sections().layout()),
        theta_(unadapted(parameter_set_of(policy_->sections()), members_)) {}

  void load_parameters(const std::string& server, const parameter_view& parameters) override {
    if (server == "model") return world_.load_model(parameters);
    if (server != "policy")
      throw std::invalid_argument("the MB-MPO learner reads no '" + server + "' parameters");
    check_layout(parameters, theta_.layout, "MB-MPO θ");
    load_parameter_view(policy_->sections(), policy_in(parameters, single_, 0), "meta-policy θ");
    theta_.values.assign(parameters.values, parameters.values + parameters.count);
  }

  void add_episode(const episode_view& e) override { world_.add_episode(e); }

  step_outcome step() override {
    if (!world_.ready()) return {step_status::waiting, {}};
    const auto& meta = settings_.meta;
    const int tasks = meta.meta_batch;
    stopwatch clock;
    double imagination_seconds = 0;
    // Inner steps: task t's samples of each, and its policy after them.
    std::vector<std::vector<task_samples>> inner(static_cast<size_t>(tasks));
    thetas adapted(static_cast<size_t>(tasks), detached(policy_->ordered_parameters()));
    double imagined_return = 0;
    for (int j = 0; j < meta.inner_steps; ++j) {
      const auto paths =
          task_rollouts(world_, adapted, meta.rollouts_per_task, meta.imagined_horizon);
      imagination_seconds += clock.lap();
      if (j == 0) imagined_return = mean_return(paths);
      for_each_task(tasks, [&](int t) {
        inner[t].push_back(samples_of(task_paths(paths, t, meta.rollouts_per_task), adapted[t],
                                      settings_.advantage));
        adapted[t] = adapt(adapted[t], {inner[t].back()}, meta.inner_lr, order());
      });
    }
    const auto post_paths =
        task_rollouts(world_, adapted, meta.rollouts_per_task, meta.imagined_horizon);
    imagination_seconds += clock.lap();
    std::vector<task_samples> post(static_cast<size_t>(tasks));
    std::vector<torch::Tensor> post_mean(static_cast<size_t>(tasks));
    for_each_task(tasks, [&](int t) {
      post[t] = samples_of(task_paths(post_paths, t, meta.rollouts_per_task), adapted[t],
                           settings_.advantage);
      torch::NoGradGuard no_grad;
      post_mean[t] = gaussian_mean(adapted[t], post[t].obs);
    });
    const double adaptation_seconds = clock.lap();

    // The outer step: the mean over tasks of the post-adaptation surrogate of θ' (θ), within a
    // mean KL between the adapted policies before and after the step, on their samples.
    const auto pieces = split_range(tasks, 1);
    auto evaluate = [&](size_t i) {
      trust_region_piece sum{torch::zeros({}), torch::zeros({})};
      for (auto t = pieces[i].first; t < pieces[i].second; ++t) {
        const auto theta = adapt(policy_->ordered_parameters(), inner[t], meta.inner_lr, order());
        const auto kl = mean_gaussian_kl(post_mean[t], adapted[t].back(),
                                         gaussian_mean(theta, post[t].obs), theta.back());
        sum.surrogate = sum.surrogate + likelihood_ratio_objective(theta, post[t]) / tasks;
        sum.kl = sum.kl + kl / tasks;
      }
      return sum;
    };
    // The KL's Hessian at the old θ is J^T F' J, J = dθ'/dθ and F' the adapted policy's Fisher
    // on its samples (the KL's gradient in θ' is zero there): products by backprop through the
    // inner steps, not by differentiating the KL through them twice.
    auto fisher_product_of = [&](size_t i) {
      std::vector<std::function<torch::Tensor(const torch::Tensor&)>> products;
      for (auto t = pieces[i].first; t < pieces[i].second; ++t)
        products.push_back(adapted_fisher_product(policy_->ordered_parameters(), adapted[t],
                                                  inner[t], meta.inner_lr, order(), post[t].obs,
                                                  settings_.outer.fisher_stride));
      return [products, tasks](const torch::Tensor& v) {
        auto sum = products.front()(v);
        for (size_t k = 1; k < products.size(); ++k) sum = sum + products[k](v);
        return sum / double(tasks);
      };
    };
    auto values = trust_region_step(
        {policy_->ordered_parameters(), pieces.size(), evaluate, fisher_product_of},
        settings_.outer);
    publish_adapted(inner);
    values.emplace_back("imagination_seconds", imagination_seconds);
    values.emplace_back("adaptation_seconds", adaptation_seconds);
    values.emplace_back("imagined_return", imagined_return);
    values.emplace_back("adapted_return", mean_return(post_paths));
    return {step_status::stepped, std::move(values)};
  }

  parameter_set parameters() const override { return theta_; }

  std::vector<float> state() const override {
    state_writer out;
    world_.save(out);
    return out.take();
  }

  void load_state(const float* values, size_t count) override {
    state_reader in(values, count, "MB-MPO learner state");
    world_.load(in);
    in.finish();
  }

 private:
  meta_gradient_order order() const {
    return settings_.meta.first_order ? meta_gradient_order::first_order
                                      : meta_gradient_order::exact;
  }

  static double mean_return(const path_batch& paths) {
    return paths.rewards.sum(1).mean().item<double>();
  }

  // θ to push: the new meta-policy, and per member the inner steps re-taken from it on the
  // samples of that member's tasks (importance-weighted, as they were drawn before the step):
  // no new rollouts for what the collectors act with.
  void publish_adapted(const std::vector<std::vector<task_samples>>& inner) {
    const auto meta_theta = detached(policy_->ordered_parameters());
    auto out = theta_.values.begin();
    const auto meta_values = flat_values(meta_theta);
    std::copy(meta_values.begin(), meta_values.end(), out);
    out += static_cast<std::ptrdiff_t>(meta_values.size());
    for (int k = 0; k < members_; ++k) {
      std::vector<task_samples> steps;
      for (size_t j = 0; j < inner.front().size(); ++j) {
        std::vector<task_samples> of_member;
        for (int t = 0; t < int(inner.size()); ++t)
          if (member_of_task(t, members_) == k) of_member.push_back(inner[t][j]);
        steps.push_back(pooled(of_member));
      }
      const auto values = flat_values(adapt(meta_theta, steps, settings_.meta.inner_lr, order()));
      std::copy(values.begin(), values.end(), out);
      out += static_cast<std::ptrdiff_t>(values.size());
    }
  }

  gaussian_mlp_module policy_;  // the meta-policy θ
  imagined_world world_;
  meta_learner_settings settings_;
  int members_;
  parameter_layout single_;  // of one policy
  parameter_set theta_;      // what it pushes: the meta-policy and the adapted ones
};

}  // namespace

std::unique_ptr<learner> make_meta_learner(const learner_context& context,
                                           const policy_config& policy,
                                           const ensemble_config& model,
                                           const meta_learner_settings& settings) {
  return std::make_unique<meta_learner>(context, policy, model, settings);
}

}  // namespace amb::learners::mb_mpo
