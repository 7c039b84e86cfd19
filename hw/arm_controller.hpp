#pragma once

#include <array>
#include <chrono>
#include <cstdint>

#include "envs/pr2_tasks.hpp"
#include "hw/effort_clamp.hpp"
#include "hw/rate_watchdog.hpp"

namespace amb::hw {

using joint_values = std::array<double, envs::pr2_joints>;

enum class command_kind : uint8_t {
  torque = 2,      // values: joint torques (N·m), held until the next command
  move_to = 3,     // values: joint angles (rad) a PD controller drives to and holds
  clear_halt = 4,  // values unused: leave the halt the watchdog put the arm in
};

/// A command as the real-time loop receives it from the link.
struct arm_command {
  command_kind kind = command_kind::torque;
  uint64_t sequence = 0;
  joint_values values{};
  std::chrono::steady_clock::time_point received{};  // when the link took it (loop's clock)
};

enum class arm_mode : uint8_t {
  idle = 0,     // no command yet: the hold
  torque = 1,   // applying the latest torque command
  move_to = 2,  // driving to the latest move_to pose
  hold = 3,     // the latest command timed out: the hold
  halted = 4,   // the watchdog tripped: zero effort until clear_halt
};

const char* to_string(arm_mode mode);

enum class hold_kind { damping, zero_torque };

struct arm_controller_config {
  // A command older than this is replaced by the hold (PR2.md: e.g. 3 controller periods; 2.5
  // periods puts the hold inside 3 periods of the last command at a 10 Hz controller).
  std::chrono::nanoseconds command_timeout{250'000'000};
  hold_kind hold = hold_kind::damping;
  joint_values hold_damping{20, 20, 5, 5, 2, 2, 2};            // N·m per rad/s
  joint_values move_to_stiffness{60, 60, 30, 30, 10, 10, 10};  // N·m per rad
  joint_values move_to_damping{20, 20, 5, 5, 2, 2, 2};         // N·m per rad/s
  rate_watchdog_config watchdog;
};

/// What one tick of the robot's loop does between reading the sensors and writing the motors
/// (shared/PR2.md): zero-order hold of the latest command, the command timeout, the loop-rate
/// watchdog and, always last, the soft-limit effort clamp. Pure: time comes in as an argument,
/// so tests drive it tick by tick. No allocation, no locks.
class arm_controller {
 public:
  using clock = std::chrono::steady_clock;

  explicit arm_controller(arm_controller_config config = {},
                          const arm_safety& safety = pr2_left_arm_safety());

  /// One tick at `now` with sensor readings q, qdot [7]; `fresh` is a command that arrived since
  /// the last tick or null. Writes the efforts to apply [7] (N·m).
  void tick(clock::time_point now, const double* q, const double* qdot, const arm_command* fresh,
            double* effort);

  arm_mode mode() const { return mode_; }
  /// The sequence number of the command being applied (0 before the first).
  uint64_t command_sequence() const { return command_.sequence; }

 private:
  void take(const arm_command& command);
  void desired_effort(const double* q, const double* qdot, double* effort) const;

  arm_controller_config config_;
  const arm_safety& safety_;
  rate_watchdog watchdog_;
  arm_mode mode_ = arm_mode::idle;
  arm_command command_{};
};

}  // namespace amb::hw
