#include "envs/reacher.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "envs/mujoco_env.hpp"
#include "envs/torch_terms.hpp"

namespace amb::envs {

namespace {

constexpr int obs_dim = 10;
constexpr double target_radius = 0.2;  // m

// Where the single-target variant's target always is: inside the arm's reach, off both axes.
constexpr double single_target_x = 0.1, single_target_y = 0.1;

class reacher_env : public mujoco_env {
 public:
  reacher_env(const mujoco_env_spec& spec, bool single_target)
      : mujoco_env(spec),
        fingertip_(mj_name2id(model(), mjOBJ_SITE, "fingertip")),
        single_target_(single_target) {}

  void reward_batch(const float* /*obs*/, const float* act, const float* next_obs, size_t n,
                    float* out) const override {
    const auto& env = info();
    for (size_t b = 0; b < n; ++b) {
      const float* next = next_obs + b * obs_dim;
      const float* a = act + b * env.act_dim;
      // Distance: fingertip to target, observation entries 8..9.
      const float distance = std::hypot(next[8], next[9]);
      // Control: squared norm of the clipped command.
      out[b] = -distance - clipped_action_norm2(env, a);
    }
  }

  at::Tensor reward_tensor(const at::Tensor& /*obs*/, const at::Tensor& act,
                           const at::Tensor& next_obs) const override {
    const auto distance = next_obs.slice(1, 8, 10).pow(2).sum(1).sqrt();
    return -distance - clipped_action_norm2(info(), act);
  }

 protected:
  void observe(float* out) const override {
    const mjData* d = data();
    out[0] = static_cast<float>(std::cos(d->qpos[0]));
    out[1] = static_cast<float>(std::cos(d->qpos[1]));
    out[2] = static_cast<float>(std::sin(d->qpos[0]));
    out[3] = static_cast<float>(std::sin(d->qpos[1]));
    out[4] = static_cast<float>(d->qpos[2]);
    out[5] = static_cast<float>(d->qpos[3]);
    out[6] = static_cast<float>(d->qvel[0]);
    out[7] = static_cast<float>(d->qvel[1]);
    const mjtNum* tip = d->site_xpos + 3 * fingertip_;
    out[8] = static_cast<float>(tip[0] - d->qpos[2]);
    out[9] = static_cast<float>(tip[1] - d->qpos[3]);
  }

  void randomize_initial_state(std::mt19937_64& rng) override {
    std::uniform_real_distribution<double> noise(-0.1, 0.1);
    std::uniform_real_distribution<double> angle(0.0, 2 * M_PI);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    mjData* d = mutable_data();
    d->qpos[0] = noise(rng);
    d->qpos[1] = noise(rng);
    // Uniform in the disc: radius grows with the square root of a uniform draw.
    const double r = target_radius * std::sqrt(unit(rng));
    const double theta = angle(rng);
    d->qpos[2] = single_target_ ? single_target_x : r * std::cos(theta);
    d->qpos[3] = single_target_ ? single_target_y : r * std::sin(theta);
    d->qvel[0] = 0.5 * noise(rng);
    d->qvel[1] = 0.5 * noise(rng);
    d->qvel[2] = 0;  // the target does not move
    d->qvel[3] = 0;
  }

 private:
  int fingertip_;
  bool single_target_;
};

std::unique_ptr<environment> make(const env_options& options, const char* name,
                                  bool single_target) {
  mujoco_env_spec spec{name, "reacher.xml", obs_dim, /*frame_skip=*/2, /*horizon=*/50, 0, 0};
  if (options.horizon > 0) spec.horizon = options.horizon;
  return std::make_unique<reacher_env>(spec, single_target);
}

}  // namespace

std::unique_ptr<environment> make_reacher(const env_options& options) {
  return make(options, "reacher", false);
}

std::unique_ptr<environment> make_reacher_single_target(const env_options& options) {
  return make(options, "reacher_single_target", true);
}

}  // namespace amb::envs
