#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "envs/environment.hpp"
#include "envs/mujoco_env.hpp"

namespace amb::envs {

/// The PR2 arm's tasks (shared/PR2.md, the asynchronous MB-RL paper's robot experiments): the
/// hand holds an object rigidly and must bring three points of it onto their places at a target
/// pose. Shared by the in-process simulation (envs/pr2_arm.hpp), the simulated robot behind the
/// link and the hardware actor (hw/), so all three score a state the same way.
///
/// Observation [23]: 0..6 joint angles q (rad), 7..13 joint velocities (rad/s), 14..22 the three
///   object points minus their places at the target pose (x, y, z each, m; the goal is 0).
/// Action [7]: joint torques (N·m) within the effort limits 30, 30, 30, 30, 30, 10, 10.
/// Reward, with d^2 the squared norm of observation 14..22 of the next state:
///   Distance: -w d^2 - v log(d^2 + alpha), w = 1, v = 1, alpha = 1e-5 (quadratic far away,
///     Lorentzian-like sharpness near the goal).
///   Velocity: -1e-3 |qdot|^2, so the arm settles.
///   Torque: -1e-4 |u|^2, so it does not push against itself.
inline constexpr int pr2_joints = 7;
inline constexpr int pr2_points = 3;
inline constexpr int pr2_obs_dim = 2 * pr2_joints + 3 * pr2_points;  // 23
inline constexpr int pr2_points_offset = 2 * pr2_joints;             // 14
inline constexpr double pr2_control_period = 0.1;                    // seconds (10 Hz)
inline constexpr int pr2_horizon = 100;                              // steps per episode

using pr2_pose = std::array<double, pr2_joints>;  // rad, joint order of pr2_arm.xml

/// What the hand holds rigidly: a box (or nothing) and the three points the task tracks.
struct pr2_object {
  std::array<double, 3> offset;     // object frame origin on the wrist roll link (m)
  std::array<double, 3> half_size;  // of its box (m); zeros: points only, nothing to collide
  std::array<std::array<double, 3>, pr2_points> points;  // in the object frame (m)
};

struct pr2_task {
  std::string name;
  pr2_pose start_pose;   // where each episode begins
  pr2_pose target_pose;  // where the points' places are: their positions at this pose
  pr2_object object;
  // MJCF of geoms in the object's frame at the target pose (a hole, a base); empty for none.
  std::string fixture_xml;
};

/// The task called `name` (reach, insert, stack). Throws std::invalid_argument naming the
/// valid tasks otherwise.
const pr2_task& pr2_task_named(const std::string& name);
std::vector<std::string> pr2_task_names();

/// The arm of envs/assets/pr2_arm.xml with the task's object and, at the object's place at the
/// target pose, its fixture.
model_ptr load_pr2_scene(const pr2_task& task);

/// Observations of arm states by forward kinematics of a task's scene. Not thread-safe: it
/// owns scratch MuJoCo data.
class pr2_kinematics {
 public:
  explicit pr2_kinematics(const pr2_task& task);

  /// Writes the observation [23] of joint angles q [7] and velocities qdot [7].
  void observe(const double* q, const double* qdot, float* out);

  const mjModel* model() const { return model_.get(); }

  /// The points' places, world frame, [9] (m).
  const std::array<double, 3 * pr2_points>& targets() const { return targets_; }

 private:
  void points_at(const double* q, double* out);

  model_ptr model_;
  data_ptr data_;
  std::array<int, pr2_points> sites_{};
  std::array<double, 3 * pr2_points> targets_{};
};

/// What learners see of any PR2 task: sizes, the motors' effort bounds as the scene declares
/// them, 10 Hz, 100 steps unless `horizon`.
env_info pr2_env_info(const pr2_task& task, const mjModel* scene, int horizon);

/// The reward above for a batch. act: [n, 7]; next_obs: [n, 23]; out: [n].
void pr2_reward_batch(const env_info& info, const float* act, const float* next_obs, size_t n,
                      float* out);

/// The same as tensors that autograd passes through: act [n, 7], next_obs [n, 23] -> [n].
at::Tensor pr2_reward_tensor(const env_info& info, const at::Tensor& act,
                             const at::Tensor& next_obs);

/// Mean distance of the three points to their places in an observation [23] (m): the figure
/// the robot experiments report.
double pr2_point_distance(const float* obs);

}  // namespace amb::envs
