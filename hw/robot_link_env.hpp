#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <string>

#include "envs/environment.hpp"
#include "envs/pr2_tasks.hpp"
#include "hw/link_protocol.hpp"
#include "hw/udp_endpoint.hpp"

namespace amb::hw {

struct robot_link_config {
  std::string task = "reach";
  std::string robot = "127.0.0.1:7400";  // the robot side's UDP HOST:PORT
  int horizon = 0;                       // steps per episode; 0: the task's 100
  // No state for this long means the robot is gone: the episode fails with an error.
  std::chrono::nanoseconds state_timeout{1'000'000'000};
  // The start pose is reached when every joint is this close (rad) and this slow (rad/s).
  double settle_position = 0.02;
  double settle_velocity = 0.05;
  std::chrono::nanoseconds settle_timeout{15'000'000'000};
  // Going straight back gets this long; then the arm retraces the last episode's path, each
  // waypoint reached within the tolerance (rad) or given up after the timeout.
  std::chrono::nanoseconds direct_reset_timeout{4'000'000'000};
  double waypoint_tolerance = 0.1;
  std::chrono::nanoseconds waypoint_timeout{1'000'000'000};
  double start_noise = 0.02;  // rad added to the start pose per joint, drawn from the reset seed
};

/// Counts of what the controller side saw on the link.
struct link_counts {
  uint64_t states = 0;     // states used
  uint64_t malformed = 0;  // datagrams that did not decode
  uint64_t stale = 0;      // states not newer than one already used (reordered, duplicated)
  uint64_t holds = 0;      // steps whose state showed the robot had fallen back to its hold
  uint64_t retraced = 0;   // resets that had to retrace the last episode's path
};

/// A PR2 task on a robot reached over the link: the environment of the hardware actor (a
/// Collector whose episodes come from the robot). reset() drives the arm back to the start pose
/// (move_to; straight back, or along the last episode's path when straight back is blocked)
/// and waits until it is still; step() sends the torques answering the newest state
/// and waits for the next state, so the robot's controller period (0.1 s) paces the episode.
/// Observation and reward are those of envs/pr2_tasks.hpp, from forward kinematics here.
/// Throws std::runtime_error when the robot stops answering or halts (its watchdog), so the
/// supervisor restarts the actor; reset() clears a halt.
class robot_link_env : public envs::environment {
 public:
  explicit robot_link_env(robot_link_config config);

  const envs::env_info& info() const override { return info_; }
  std::vector<float> reset(uint64_t seed) override;
  envs::step_result step(const std::vector<float>& action) override;
  void reward_batch(const float* obs, const float* act, const float* next_obs, size_t n,
                    float* out) const override;
  at::Tensor reward_tensor(const at::Tensor& obs, const at::Tensor& act,
                           const at::Tensor& next_obs) const override;

  const link_counts& counts() const { return counts_; }
  /// The newest state received.
  const arm_state& last_state() const { return state_; }

 private:
  void send(command_kind kind, const joint_values& values);
  /// Drives the arm to `pose` until every joint is within the tolerances; false on timeout.
  bool move_to(const joint_values& pose, double position_tolerance, double velocity_tolerance,
               std::chrono::nanoseconds timeout);
  /// Waits for a state newer than the one in hand; throws after state_timeout.
  const arm_state& next_state();
  std::vector<float> observation();

  robot_link_config config_;
  const envs::pr2_task& task_;
  envs::pr2_kinematics kinematics_;
  envs::env_info info_;  // from kinematics_' model, so declared after it
  udp_endpoint endpoint_;
  boost::asio::ip::udp::endpoint robot_;
  uint64_t session_;
  uint64_t sequence_ = 0;
  arm_state state_{};
  bool have_state_ = false;
  int steps_ = -1;                       // -1 before the first reset
  std::vector<joint_values> path_;       // q at each state of the current episode
  std::vector<float> last_observation_;  // [23] the episode's newest observation
  link_counts counts_;
};

/// The hardware actor's environment for a run whose env.robot is set: env names pr2_reach,
/// pr2_insert, pr2_stack map to the tasks. Throws std::invalid_argument for other names.
std::unique_ptr<envs::environment> make_robot_link_env(const std::string& env_name,
                                                       const std::string& robot, int horizon);

}  // namespace amb::hw
