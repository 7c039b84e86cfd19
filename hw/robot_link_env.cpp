#include "hw/robot_link_env.hpp"

#include <ATen/core/Tensor.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace amb::hw {

namespace {

int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

robot_link_env::robot_link_env(robot_link_config config)
    : config_(std::move(config)),
      task_(envs::pr2_task_named(config_.task)),
      kinematics_(task_),
      info_(envs::pr2_env_info(task_, kinematics_.model(), config_.horizon)),
      endpoint_("0.0.0.0:0"),
      robot_(parse_udp_destination(config_.robot)),
      session_(std::random_device{}() * 0x9E3779B97F4A7C15ull | 1) {}

void robot_link_env::send(command_kind kind, const joint_values& values) {
  const link_header header{static_cast<datagram_kind>(kind), session_, ++sequence_, steady_ns()};
  datagram_bytes bytes{};
  const size_t size = encode_command(header, {have_state_ ? state_.tick : 0, values}, bytes);
  endpoint_.send_to(bytes.data(), size, robot_);
}

const arm_state& robot_link_env::next_state() {
  std::array<uint8_t, max_datagram_size + 1> buffer{};
  const auto deadline = std::chrono::steady_clock::now() + config_.state_timeout;
  for (auto now = std::chrono::steady_clock::now(); now < deadline;
       now = std::chrono::steady_clock::now()) {
    auto got = endpoint_.receive(buffer.data(), buffer.size(), deadline - now);
    if (!got) break;
    link_datagram datagram;
    if (!decode_datagram(buffer.data(), got->size, datagram).empty() ||
        datagram.header.kind != datagram_kind::state) {
      ++counts_.malformed;
      continue;
    }
    // A restarted robot counts ticks from 0 again: a new robot session starts over.
    if (have_state_ && datagram.state.tick <= state_.tick) {
      ++counts_.stale;
      continue;
    }
    state_ = datagram.state;
    have_state_ = true;
    ++counts_.states;
    return state_;
  }
  const auto waited =
      std::to_string(std::chrono::duration<double>(config_.state_timeout).count()) + " s";
  if (!have_state_)
    throw envs::system_unreachable("the robot at " + config_.robot +
                                   " never answered: no state within " + waited);
  throw std::runtime_error("no state from the robot at " + config_.robot + " for " + waited);
}

std::vector<float> robot_link_env::observation() {
  std::vector<float> obs(envs::pr2_obs_dim);
  kinematics_.observe(state_.q.data(), state_.qdot.data(), obs.data());
  return obs;
}

bool robot_link_env::move_to(const joint_values& pose, double position_tolerance,
                             double velocity_tolerance, std::chrono::nanoseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto& state = next_state();
    if (state.mode == arm_mode::halted) {
      send(command_kind::clear_halt, {});
      continue;
    }
    send(command_kind::move_to, pose);
    bool there = state.mode == arm_mode::move_to;
    for (int j = 0; j < envs::pr2_joints && there; ++j)
      there = std::abs(state.q[j] - pose[j]) < position_tolerance &&
              std::abs(state.qdot[j]) < velocity_tolerance;
    if (there) return true;
  }
  return false;
}

std::vector<float> robot_link_env::reset(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> noise(-config_.start_noise, config_.start_noise);
  joint_values start{};
  for (int j = 0; j < envs::pr2_joints; ++j) start[j] = task_.start_pose[j] + noise(rng);
  // A robot that has not heard from us sends nothing: the first datagram introduces us, and a
  // halt left by an earlier episode is cleared before anything else.
  have_state_ = false;
  send(command_kind::clear_halt, {});
  const auto settle = [&](std::chrono::nanoseconds timeout) {
    return move_to(start, config_.settle_position, config_.settle_velocity, timeout);
  };
  if (!settle(config_.direct_reset_timeout)) {
    // Straight back in joint space can run the object into a fixture and wedge it there. The
    // way the arm came is clear of fixtures, so retrace the last episode's path backwards.
    ++counts_.retraced;
    for (auto waypoint = path_.rbegin(); waypoint != path_.rend(); ++waypoint)
      move_to(*waypoint, config_.waypoint_tolerance, std::numeric_limits<double>::infinity(),
              config_.waypoint_timeout);
    if (!settle(config_.settle_timeout))
      throw std::runtime_error(
          "the robot at " + config_.robot + " did not settle at the start pose, even along the " +
          "last episode's path, within " +
          std::to_string(std::chrono::duration<double>(config_.settle_timeout).count()) + " s");
  }
  path_.clear();
  path_.push_back(state_.q);
  steps_ = 0;
  last_observation_ = observation();
  return last_observation_;
}

envs::step_result robot_link_env::step(const std::vector<float>& action) {
  envs::check_action(info_, action);
  if (steps_ < 0) throw std::logic_error(info_.name + ": step() before reset()");

  joint_values torque{};
  std::vector<float> clipped(info_.act_dim);
  for (int j = 0; j < info_.act_dim; ++j) {
    clipped[j] = std::clamp(action[j], info_.act_low[j], info_.act_high[j]);
    torque[j] = clipped[j];
  }
  send(command_kind::torque, torque);
  const auto& state = next_state();
  if (state.mode == arm_mode::halted)
    throw std::runtime_error("the robot at " + config_.robot +
                             " halted (its loop-rate watchdog tripped) at tick " +
                             std::to_string(state.tick));
  if (state.mode == arm_mode::hold) ++counts_.holds;
  path_.push_back(state.q);

  envs::step_result result;
  result.observation = observation();
  reward_batch(last_observation_.data(), clipped.data(), result.observation.data(), 1,
               &result.reward);
  last_observation_ = result.observation;
  ++steps_;
  result.truncated = steps_ >= info_.horizon;
  return result;
}

void robot_link_env::reward_batch(const float* /*obs*/, const float* act, const float* next_obs,
                                  size_t n, float* out) const {
  envs::pr2_reward_batch(info_, act, next_obs, n, out);
}

at::Tensor robot_link_env::reward_tensor(const at::Tensor& /*obs*/, const at::Tensor& act,
                                         const at::Tensor& next_obs) const {
  return envs::pr2_reward_tensor(info_, act, next_obs);
}

std::unique_ptr<envs::environment> make_robot_link_env(const std::string& env_name,
                                                       const std::string& robot, int horizon) {
  const std::string prefix = "pr2_";
  if (env_name.rfind(prefix, 0) != 0)
    throw std::invalid_argument("env.robot is set, but '" + env_name +
                                "' is not a robot task; robot tasks: pr2_reach, pr2_insert, "
                                "pr2_stack");
  robot_link_config config;
  config.task = env_name.substr(prefix.size());
  config.robot = robot;
  config.horizon = horizon;
  return std::make_unique<robot_link_env>(config);
}

}  // namespace amb::hw
