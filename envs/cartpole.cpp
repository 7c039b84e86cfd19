#include "envs/cartpole.hpp"

#include <ATen/ATen.h>

#include <cmath>

#include "envs/mujoco_env.hpp"
#include "envs/torch_terms.hpp"

namespace amb::envs {

namespace {

constexpr int obs_dim = 5;
constexpr double position_cost = 0.1;
constexpr double control_cost = 0.01;
constexpr double initial_spread = 0.05;

class cartpole_env : public mujoco_env {
 public:
  explicit cartpole_env(const mujoco_env_spec& spec) : mujoco_env(spec) {}

  void reward_batch(const float* /*obs*/, const float* act, const float* next_obs, size_t n,
                    float* out) const override {
    const auto& env = info();
    for (size_t b = 0; b < n; ++b) {
      const float* next = next_obs + b * obs_dim;
      out[b] = float(next[1] - position_cost * next[0] * next[0] -
                     control_cost * clipped_action_norm2(env, act + b * env.act_dim));
    }
  }

  at::Tensor reward_tensor(const at::Tensor& /*obs*/, const at::Tensor& act,
                           const at::Tensor& next_obs) const override {
    return next_obs.select(1, 1) - position_cost * next_obs.select(1, 0).pow(2) -
           control_cost * clipped_action_norm2(info(), act);
  }

 protected:
  void observe(float* out) const override {
    const mjData* d = data();
    out[0] = static_cast<float>(d->qpos[0]);
    out[1] = static_cast<float>(std::cos(d->qpos[1]));
    out[2] = static_cast<float>(std::sin(d->qpos[1]));
    out[3] = static_cast<float>(d->qvel[0]);
    out[4] = static_cast<float>(d->qvel[1]);
  }

  void randomize_initial_state(std::mt19937_64& rng) override {
    std::uniform_real_distribution<double> spread(-initial_spread, initial_spread);
    mjData* d = mutable_data();
    d->qpos[0] = spread(rng);
    d->qpos[1] = M_PI + spread(rng);
    d->qvel[0] = spread(rng);
    d->qvel[1] = spread(rng);
  }
};

}  // namespace

std::unique_ptr<environment> make_cartpole(const env_options& options) {
  mujoco_env_spec spec{"cartpole", "cartpole.xml", obs_dim, /*frame_skip=*/5, /*horizon=*/100, 0,
                       0};
  if (options.horizon > 0) spec.horizon = options.horizon;
  return std::make_unique<cartpole_env>(spec);
}

}  // namespace amb::envs
