#include "learners/policy_improver.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <stdexcept>

#include "envs/registry.hpp"
#include "learners/advantages.hpp"
#include "learners/ensemble_network.hpp"
#include "learners/imagination.hpp"
#include "learners/ppo.hpp"
#include "learners/trpo.hpp"

namespace amb::learners {

struct policy_improver::impl {
  std::unique_ptr<envs::environment> task;  // for its reward function only
  gaussian_mlp_module policy;
  ensemble_network model;
  policy_improver_config config;
  linear_feature_baseline baseline;
  std::unique_ptr<ppo> ppo_optimizer;
  at::Generator generator;
  torch::Tensor start_states;  // [M, obs_dim]
  bool has_model = false;
};

policy_improver::policy_improver(const std::string& env_name, const policy_config& policy,
                                 const ensemble_config& model, const policy_improver_config& config,
                                 uint64_t seed) {
  if (config.algorithm != "trpo" && config.algorithm != "ppo")
    throw std::invalid_argument("unknown policy algorithm '" + config.algorithm +
                                "'; valid: trpo, ppo");
  auto task = envs::make_env(env_name);
  const auto& info = task->info();
  gaussian_mlp_module module(info.obs_dim, info.act_dim, policy, seed);
  ensemble_network network(info.obs_dim, info.act_dim, model, seed);
  impl_ = std::make_unique<impl>(impl{std::move(task),
                                      module,
                                      network,
                                      config,
                                      {},
                                      nullptr,
                                      at::detail::createCPUGenerator(seed + 2),
                                      torch::zeros({0, info.obs_dim}),
                                      false});
  if (config.algorithm == "ppo")
    impl_->ppo_optimizer = std::make_unique<ppo>(
        module, ppo_config{config.ppo_learning_rate, config.ppo_clip, config.ppo_epochs, 4},
        seed + 3);
}

policy_improver::~policy_improver() = default;

void policy_improver::set_model(const float* phi, size_t count) {
  load_flat_values(impl_->model->ordered_parameters(), phi, count, "model φ");
  impl_->has_model = true;
}

bool policy_improver::has_model() const {
  return impl_->has_model;
}

size_t policy_improver::start_state_count() const {
  return static_cast<size_t>(impl_->start_states.size(0));
}

void policy_improver::add_start_states(const float* states, size_t n, size_t capacity) {
  auto& s = *impl_;
  const auto fresh =
      torch::from_blob(const_cast<float*>(states), {static_cast<int64_t>(n), s.policy->obs_dim})
          .clone();
  s.start_states = torch::cat({s.start_states, fresh});
  const int64_t excess = s.start_states.size(0) - static_cast<int64_t>(capacity);
  if (excess > 0) s.start_states = s.start_states.slice(0, excess);
}

metrics policy_improver::improve_in_model() {
  auto& s = *impl_;
  if (!s.has_model) throw std::logic_error("policy improver: no model yet");
  if (s.start_states.size(0) == 0) throw std::logic_error("policy improver: no start states yet");
  const auto picks =
      torch::randint(s.start_states.size(0), {s.config.imagined_paths}, s.generator, torch::kInt64);
  const auto paths = imagine(s.model, s.policy, *s.task, s.start_states.index_select(0, picks),
                             s.config.imagined_horizon, s.generator);
  auto result = update(paths);
  result.emplace_back("imagined_return", paths.rewards.sum(1).mean().item<double>());
  return result;
}

metrics policy_improver::improve_on_paths(const float* obs, const float* act, const float* rewards,
                                          size_t paths, size_t steps) {
  auto& s = *impl_;
  const int64_t n = static_cast<int64_t>(paths), t = static_cast<int64_t>(steps);
  path_batch batch{torch::from_blob(const_cast<float*>(obs), {n, t + 1, s.policy->obs_dim}).clone(),
                   torch::from_blob(const_cast<float*>(act), {n, t, s.policy->act_dim}).clone(),
                   torch::from_blob(const_cast<float*>(rewards), {n, t}).clone()};
  return update(batch);
}

metrics policy_improver::update(const path_batch& paths) {
  auto& s = *impl_;
  const auto values = s.baseline.predict(paths);
  const auto estimate =
      estimate_advantages(paths, values, {s.config.discount, s.config.gae_lambda});
  s.baseline.fit(paths, estimate.returns);
  const auto obs = paths.observations.slice(1, 0, -1).reshape({-1, s.policy->obs_dim});
  const auto act = paths.actions.reshape({-1, s.policy->act_dim});
  const auto adv = estimate.advantages.reshape({-1});
  if (s.ppo_optimizer) return s.ppo_optimizer->step(obs, act, adv);
  trpo_config trpo;
  trpo.max_kl = s.config.max_kl;
  return trpo_step(s.policy, obs, act, adv, trpo);
}

std::vector<float> policy_improver::parameters() const {
  return flat_values(impl_->policy->ordered_parameters());
}

void policy_improver::set_parameters(const float* values, size_t count) {
  load_flat_values(impl_->policy->ordered_parameters(), values, count, "policy θ");
}

}  // namespace amb::learners
