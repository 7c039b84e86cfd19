#include "learners/imagined_world.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "envs/registry.hpp"

namespace amb::learners {

namespace {

// Real states kept to start imagined rollouts from: the newest this many.
constexpr int64_t start_state_capacity = 100000;

}  // namespace

imagined_world::imagined_world(const learner_context& context, const ensemble_config& model)
    : task_(envs::make_env(context.env)),
      model_(context.info.obs_dim, context.info.act_dim, model, context.seed),
      generator_(at::detail::createCPUGenerator(context.seed + 2)),
      start_states_(context.info.obs_dim, start_state_capacity) {}

void imagined_world::load_model(const parameter_view& phi) {
  load_parameter_view(model_->sections(), phi, "model φ");
  has_model_ = true;
}

void imagined_world::add_episode(const episode_view& e) {
  const auto states = torch::from_blob(const_cast<float*>(e.observations),
                                       {static_cast<int64_t>(e.length + 1), model_->obs_dim});
  start_states_.append(states);
}

torch::Tensor imagined_world::draw_start_states(int64_t n) {
  const auto picks = torch::randint(start_states_.size(), {n}, generator_, torch::kInt64);
  return start_states_.rows().index_select(0, picks);
}

path_batch imagined_world::imagine(const imagined_actor& act, int act_dim,
                                   const torch::Tensor& start_states, int horizon,
                                   member_selection& members) {
  return learners::imagine(model_, act, act_dim, *task_, start_states, horizon, members,
                           generator_);
}

path_batch imagined_world::imagine(gaussian_mlp_module& policy, const torch::Tensor& start_states,
                                   int horizon, member_selection& members) {
  return learners::imagine(model_, policy, *task_, start_states, horizon, members, generator_);
}

}  // namespace amb::learners
