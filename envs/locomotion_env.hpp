#pragma once

#include <memory>

#include "envs/env_options.hpp"
#include "envs/mujoco_env.hpp"

namespace amb::envs {

/// The reward terms shared by the locomotion tasks of the asynchronous MB-RL paper's code
/// (shared/HYPERPARAMETERS.md), with no early termination:
///   r = v_x - ctrl_cost |clip(a)|^2 - height_cost (h - target_height)^2 + alive_bonus
struct locomotion_reward {
  float ctrl_cost = 0.1f;
  float height_cost = 0;    // 0: no height term
  float target_height = 0;  // m
  float alive_bonus = 0;
};

/// The terms of the upright tasks (hopper, walker2d, ant): a height target and an alive bonus.
inline locomotion_reward upright_reward(float target_height) {
  return {/*ctrl_cost=*/0.1f, /*height_cost=*/3.0f, target_height, /*alive_bonus=*/1.0f};
}

struct locomotion_spec {
  mujoco_env_spec env;
  int qpos_skip = 1;  // leading qpos entries left out of the observation (x, or x and y)
  locomotion_reward reward;
};

/// A locomotion task whose observation is qpos[qpos_skip:] followed by qvel, so that the forward
/// velocity qvel[0] and the height qpos[qpos_skip] are both in it and the reward is a function
/// of (obs, act, next_obs) alone.
class locomotion_env : public mujoco_env {
 public:
  explicit locomotion_env(const locomotion_spec& spec);

  void reward_batch(const float* obs, const float* act, const float* next_obs, size_t n,
                    float* out) const override;
  at::Tensor reward_tensor(const at::Tensor& obs, const at::Tensor& act,
                           const at::Tensor& next_obs) const override;

 protected:
  void observe(float* out) const override;

 private:
  int qpos_skip_;
  int velocity_index_;  // index of qvel[0] in the observation
  locomotion_reward reward_;
};

/// Makes a locomotion task, with the horizon of `options` when it sets one.
std::unique_ptr<environment> make_locomotion_env(locomotion_spec spec, const env_options& options);

}  // namespace amb::envs
