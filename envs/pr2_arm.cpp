#include "envs/pr2_arm.hpp"

#include <ATen/core/Tensor.h>

#include "envs/mujoco_env.hpp"
#include "envs/pr2_tasks.hpp"

namespace amb::envs {

namespace {

constexpr double start_noise = 0.02;  // rad

class pr2_arm_env : public mujoco_env {
 public:
  pr2_arm_env(const mujoco_env_spec& spec, const pr2_task& task)
      : mujoco_env(spec, load_pr2_scene(task)), task_(task), kinematics_(task) {}

  void reward_batch(const float* /*obs*/, const float* act, const float* next_obs, size_t n,
                    float* out) const override {
    pr2_reward_batch(info(), act, next_obs, n, out);
  }

  at::Tensor reward_tensor(const at::Tensor& /*obs*/, const at::Tensor& act,
                           const at::Tensor& next_obs) const override {
    return pr2_reward_tensor(info(), act, next_obs);
  }

 protected:
  void observe(float* out) const override { kinematics_.observe(data()->qpos, data()->qvel, out); }

  void randomize_initial_state(std::mt19937_64& rng) override {
    std::uniform_real_distribution<double> noise(-start_noise, start_noise);
    mjData* d = mutable_data();
    for (int i = 0; i < pr2_joints; ++i) {
      d->qpos[i] = task_.start_pose[i] + noise(rng);
      d->qvel[i] = 0;
    }
  }

 private:
  const pr2_task& task_;
  // observe() is const, forward kinematics needs scratch data: the kinematics are this env's own.
  mutable pr2_kinematics kinematics_;
};

std::unique_ptr<environment> make_pr2_arm(const std::string& task_name,
                                          const env_options& options) {
  const auto& task = pr2_task_named(task_name);
  mujoco_env_spec spec{"pr2_" + task_name, "pr2_arm.xml",
                       pr2_obs_dim,
                       /*frame_skip=*/10,  pr2_horizon,
                       /*noise=*/0,        0};
  if (options.horizon > 0) spec.horizon = options.horizon;
  return std::make_unique<pr2_arm_env>(spec, task);
}

}  // namespace

std::unique_ptr<environment> make_pr2_reach(const env_options& options) {
  return make_pr2_arm("reach", options);
}
std::unique_ptr<environment> make_pr2_insert(const env_options& options) {
  return make_pr2_arm("insert", options);
}
std::unique_ptr<environment> make_pr2_stack(const env_options& options) {
  return make_pr2_arm("stack", options);
}

}  // namespace amb::envs
