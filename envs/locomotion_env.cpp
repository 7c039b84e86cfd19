#include "envs/locomotion_env.hpp"

#include <ATen/ATen.h>

#include "envs/torch_terms.hpp"

namespace amb::envs {

locomotion_env::locomotion_env(const locomotion_spec& spec)
    : mujoco_env(spec.env), qpos_skip_(spec.qpos_skip), reward_(spec.reward) {
  velocity_index_ = model()->nq - qpos_skip_;
  set_obs_dim(velocity_index_ + model()->nv);
}

void locomotion_env::observe(float* out) const {
  const mjModel* m = model();
  const mjData* d = data();
  int k = 0;
  for (int i = qpos_skip_; i < m->nq; ++i) out[k++] = static_cast<float>(d->qpos[i]);
  for (int i = 0; i < m->nv; ++i) out[k++] = static_cast<float>(d->qvel[i]);
}

void locomotion_env::reward_batch(const float* /*obs*/, const float* act, const float* next_obs,
                                  size_t n, float* out) const {
  const auto& env = info();
  for (size_t b = 0; b < n; ++b) {
    const float* a = act + b * env.act_dim;
    const float* next = next_obs + b * env.obs_dim;
    // Forward velocity: qvel[0] of the state the step arrived in.
    float r = next[velocity_index_] - reward_.ctrl_cost * clipped_action_norm2(env, a) +
              reward_.alive_bonus;
    if (reward_.height_cost != 0) {
      const float dh = next[0] - reward_.target_height;  // next[0] is qpos[qpos_skip]: the height
      r -= reward_.height_cost * dh * dh;
    }
    out[b] = r;
  }
}

at::Tensor locomotion_env::reward_tensor(const at::Tensor& /*obs*/, const at::Tensor& act,
                                         const at::Tensor& next_obs) const {
  auto r = next_obs.select(1, velocity_index_) -
           reward_.ctrl_cost * clipped_action_norm2(info(), act) + reward_.alive_bonus;
  if (reward_.height_cost != 0) {
    const auto dh = next_obs.select(1, 0) - reward_.target_height;
    r = r - reward_.height_cost * dh * dh;
  }
  return r;
}

std::unique_ptr<environment> make_locomotion_env(locomotion_spec spec, const env_options& options) {
  if (options.horizon > 0) spec.env.horizon = options.horizon;
  return std::make_unique<locomotion_env>(spec);
}

}  // namespace amb::envs
