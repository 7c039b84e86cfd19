#include "envs/reacher.hpp"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "envs/mujoco_env.hpp"
#include "envs/torch_terms.hpp"

namespace amb::envs {

namespace {

constexpr double target_radius = 0.2;  // m

// Where the single-target variant's target always is: inside the arm's reach, off both axes.
constexpr double single_target_x = 0.1, single_target_y = 0.1;

// An arm of `joints` hinges, then the target's two slides. The observation is laid out by
// joint count: cos and sin of each joint, the target, each joint's velocity, fingertip minus
// target, so 3 * joints + 4 entries, and the distance sits in the last two.
class reacher_env : public mujoco_env {
 public:
  reacher_env(const mujoco_env_spec& spec, int joints, bool single_target)
      : mujoco_env(spec),
        fingertip_(mj_name2id(model(), mjOBJ_SITE, "fingertip")),
        joints_(joints),
        tip_(3 * joints + 2),
        single_target_(single_target) {}

  void reward_batch(const float* /*obs*/, const float* act, const float* next_obs, size_t n,
                    float* out) const override {
    const auto& env = info();
    for (size_t b = 0; b < n; ++b) {
      const float* next = next_obs + b * env.obs_dim;
      const float* a = act + b * env.act_dim;
      // Distance: fingertip to target, the observation's last two entries.
      const float distance = std::hypot(next[tip_], next[tip_ + 1]);
      // Control: squared norm of the clipped command.
      out[b] = -distance - clipped_action_norm2(env, a);
    }
  }

  at::Tensor reward_tensor(const at::Tensor& /*obs*/, const at::Tensor& act,
                           const at::Tensor& next_obs) const override {
    const auto distance = next_obs.slice(1, tip_, tip_ + 2).pow(2).sum(1).sqrt();
    return -distance - clipped_action_norm2(info(), act);
  }

 protected:
  void observe(float* out) const override {
    const mjData* d = data();
    const int n = joints_;
    for (int j = 0; j < n; ++j) {
      out[j] = static_cast<float>(std::cos(d->qpos[j]));
      out[n + j] = static_cast<float>(std::sin(d->qpos[j]));
      out[2 * n + 2 + j] = static_cast<float>(d->qvel[j]);
    }
    const double target_x = d->qpos[n], target_y = d->qpos[n + 1];
    out[2 * n] = static_cast<float>(target_x);
    out[2 * n + 1] = static_cast<float>(target_y);
    const mjtNum* tip = d->site_xpos + 3 * fingertip_;
    out[tip_] = static_cast<float>(tip[0] - target_x);
    out[tip_ + 1] = static_cast<float>(tip[1] - target_y);
  }

  void randomize_initial_state(std::mt19937_64& rng) override {
    std::uniform_real_distribution<double> noise(-0.1, 0.1);
    std::uniform_real_distribution<double> angle(0.0, 2 * M_PI);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    mjData* d = mutable_data();
    const int n = joints_;
    for (int j = 0; j < n; ++j) d->qpos[j] = noise(rng);
    // Uniform in the disc: radius grows with the square root of a uniform draw.
    const double r = target_radius * std::sqrt(unit(rng));
    const double theta = angle(rng);
    d->qpos[n] = single_target_ ? single_target_x : r * std::cos(theta);
    d->qpos[n + 1] = single_target_ ? single_target_y : r * std::sin(theta);
    for (int j = 0; j < n; ++j) d->qvel[j] = 0.5 * noise(rng);
    d->qvel[n] = 0;  // the target does not move
    d->qvel[n + 1] = 0;
  }

 private:
  int fingertip_;
  int joints_;
  int tip_;  // where fingertip minus target starts in the observation
  bool single_target_;
};

std::unique_ptr<environment> make(const env_options& options, const char* name, const char* asset,
                                  int joints, bool single_target) {
  mujoco_env_spec spec{name, asset, 3 * joints + 4, /*frame_skip=*/2, /*horizon=*/50, 0, 0};
  if (options.horizon > 0) spec.horizon = options.horizon;
  return std::make_unique<reacher_env>(spec, joints, single_target);
}

}  // namespace

std::unique_ptr<environment> make_reacher(const env_options& options) {
  return make(options, "reacher", "reacher.xml", 2, false);
}

std::unique_ptr<environment> make_reacher_single_target(const env_options& options) {
  return make(options, "reacher_single_target", "reacher.xml", 2, true);
}

std::unique_ptr<environment> make_reacher3(const env_options& options) {
  return make(options, "reacher3", "reacher3.xml", 3, false);
}

std::unique_ptr<environment> make_reacher3_single_target(const env_options& options) {
  return make(options, "reacher3_single_target", "reacher3.xml", 3, true);
}

}  // namespace amb::envs
