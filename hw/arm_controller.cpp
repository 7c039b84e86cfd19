#include "hw/arm_controller.hpp"

namespace amb::hw {

const char* to_string(arm_mode mode) {
  switch (mode) {
    case arm_mode::idle:
      return "idle";
    case arm_mode::torque:
      return "torque";
    case arm_mode::move_to:
      return "move_to";
    case arm_mode::hold:
      return "hold";
    case arm_mode::halted:
      return "halted";
  }
  return "unknown";
}

arm_controller::arm_controller(arm_controller_config config, const arm_safety& safety)
    : config_(config), safety_(safety), watchdog_(config.watchdog) {}

void arm_controller::take(const arm_command& command) {
  if (command.kind == command_kind::clear_halt) {
    if (mode_ == arm_mode::halted) {
      watchdog_.reset();
      mode_ = arm_mode::idle;
    }
    return;
  }
  // A halted arm stays halted whatever is commanded, until the halt is cleared.
  if (mode_ == arm_mode::halted) return;
  command_ = command;
  mode_ = command.kind == command_kind::torque ? arm_mode::torque : arm_mode::move_to;
}

void arm_controller::tick(clock::time_point now, const double* q, const double* qdot,
                          const arm_command* fresh, double* effort) {
  if (watchdog_.on_tick(now)) mode_ = arm_mode::halted;
  if (fresh) take(*fresh);
  const bool active = mode_ == arm_mode::torque || mode_ == arm_mode::move_to;
  if (active && now - command_.received > config_.command_timeout) mode_ = arm_mode::hold;

  joint_values desired{};
  desired_effort(q, qdot, desired.data());
  for (int j = 0; j < envs::pr2_joints; ++j)
    effort[j] =
        mode_ == arm_mode::halted ? 0.0 : clamp_effort(safety_[j], q[j], qdot[j], desired[j]);
}

void arm_controller::desired_effort(const double* q, const double* qdot, double* effort) const {
  for (int j = 0; j < envs::pr2_joints; ++j) {
    switch (mode_) {
      case arm_mode::torque:
        effort[j] = command_.values[j];
        break;
      case arm_mode::move_to:
        effort[j] = config_.move_to_stiffness[j] * (command_.values[j] - q[j]) -
                    config_.move_to_damping[j] * qdot[j];
        break;
      case arm_mode::idle:
      case arm_mode::hold:
        effort[j] = config_.hold == hold_kind::damping ? -config_.hold_damping[j] * qdot[j] : 0.0;
        break;
      case arm_mode::halted:
        effort[j] = 0;
        break;
    }
  }
}

}  // namespace amb::hw
