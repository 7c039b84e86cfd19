#include "envs/pr2_reach.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "envs/mujoco_env.hpp"

namespace amb::envs {

namespace {

constexpr int joints = 7;
constexpr int points = 3;
constexpr int obs_dim = 2 * joints + 3 * points;  // 23
constexpr int points_offset = 2 * joints;         // 14

constexpr float distance_weight = 1.0f;  // w
constexpr float log_weight = 1.0f;       // v
constexpr float log_offset = 1e-5f;      // alpha
constexpr float velocity_cost = 1e-3f;
constexpr float torque_cost = 1e-4f;

// A comfortable pose in front of the robot, inside every joint range (rad).
constexpr std::array<double, joints> start_pose = {0.5, 0.3, 1.5, -1.0, 0.0, -0.5, 0.0};
constexpr double start_noise = 0.02;   // rad
constexpr double target_spread = 0.4;  // rad

class pr2_reach_env : public mujoco_env {
 public:
  explicit pr2_reach_env(const mujoco_env_spec& spec) : mujoco_env(spec) {
    for (int p = 0; p < points; ++p)
      sites_[p] = mj_name2id(model(), mjOBJ_SITE, ("ee_point_" + std::to_string(p)).c_str());
  }

  void reward_batch(const float* /*obs*/, const float* act, const float* next_obs, size_t n,
                    float* out) const override {
    const auto& env = info();
    for (size_t b = 0; b < n; ++b) {
      const float* next = next_obs + b * obs_dim;
      const float* u = act + b * env.act_dim;
      float d2 = 0;
      for (int i = 0; i < 3 * points; ++i) d2 += next[points_offset + i] * next[points_offset + i];
      float qdot2 = 0;
      for (int i = 0; i < joints; ++i) qdot2 += next[joints + i] * next[joints + i];
      const float u2 = clipped_action_norm2(env, u);
      out[b] = -distance_weight * d2 - log_weight * std::log(d2 + log_offset) -
               velocity_cost * qdot2 - torque_cost * u2;
    }
  }

 protected:
  void observe(float* out) const override {
    const mjData* d = data();
    for (int i = 0; i < joints; ++i) out[i] = static_cast<float>(d->qpos[i]);
    for (int i = 0; i < joints; ++i) out[joints + i] = static_cast<float>(d->qvel[i]);
    for (int p = 0; p < points; ++p)
      for (int k = 0; k < 3; ++k)
        out[points_offset + 3 * p + k] =
            static_cast<float>(d->site_xpos[3 * sites_[p] + k] - target_[3 * p + k]);
  }

  void randomize_initial_state(std::mt19937_64& rng) override {
    const mjModel* m = model();
    mjData* d = mutable_data();
    std::uniform_real_distribution<double> spread(-target_spread, target_spread);
    std::uniform_real_distribution<double> noise(-start_noise, start_noise);
    // Target: forward kinematics of a nearby pose, so the points are reachable.
    for (int i = 0; i < joints; ++i) {
      double q = start_pose[i] + spread(rng);
      if (m->jnt_limited[i]) q = std::clamp(q, m->jnt_range[2 * i], m->jnt_range[2 * i + 1]);
      d->qpos[i] = q;
    }
    mj_kinematics(m, d);
    for (int p = 0; p < points; ++p)
      for (int k = 0; k < 3; ++k) target_[3 * p + k] = d->site_xpos[3 * sites_[p] + k];
    for (int i = 0; i < joints; ++i) {
      d->qpos[i] = start_pose[i] + noise(rng);
      d->qvel[i] = 0;
    }
  }

 private:
  std::array<int, points> sites_{};
  std::array<double, 3 * points> target_{};  // world positions of the points at the target pose
};

}  // namespace

std::unique_ptr<environment> make_pr2_reach(const env_options& options) {
  mujoco_env_spec spec{
      "pr2_reach", "pr2_arm.xml", obs_dim, /*frame_skip=*/10, /*horizon=*/100, 0, 0};
  if (options.horizon > 0) spec.horizon = options.horizon;
  return std::make_unique<pr2_reach_env>(spec);
}

}  // namespace amb::envs
