#pragma once

#include <chrono>
#include <cstdint>

#include "envs/mujoco_env.hpp"
#include "envs/pr2_tasks.hpp"
#include "hw/arm_controller.hpp"

namespace amb::hw {

/// The robot's body when there is no robot: the PR2-like arm of a task's scene (object and
/// fixture included, so insertion and stacking have contacts) stepped by MuJoCo once per loop
/// tick. Sensors are the joint angles and velocities; actuators are the joint motors.
class simulated_arm {
 public:
  /// `tick`: the physics step, one per loop period (1 ms at 1 kHz).
  simulated_arm(const envs::pr2_task& task, std::chrono::nanoseconds tick);

  void read(double* q, double* qdot) const;

  /// Applies the efforts [7] (N·m) for one tick. A simulation that blew up (MuJoCo's bad
  /// acceleration warning, or a non-finite state) is put back at rest where it last was fine:
  /// a real arm does not diverge, and the loop must keep running.
  void apply(const double* effort);

  /// Times the simulation was put back at rest.
  uint64_t recoveries() const { return recoveries_; }

 private:
  envs::model_ptr model_;
  envs::data_ptr data_;
  joint_values last_good_q_{};
  uint64_t recoveries_ = 0;
};

}  // namespace amb::hw
