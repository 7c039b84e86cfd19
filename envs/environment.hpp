#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace at {
class Tensor;  // LibTorch's, defined where tasks compute their rewards as tensors
}  // namespace at

namespace amb::envs {

/// What a learner and the command line need to know of an environment.
struct env_info {
  std::string name;
  int obs_dim = 0;
  int act_dim = 0;
  double control_period = 0;    // seconds of simulated time per step
  int horizon = 0;              // steps per episode before truncation
  std::vector<float> act_low;   // [act_dim] actions are clipped into [act_low, act_high]
  std::vector<float> act_high;  // [act_dim]
};

struct step_result {
  std::vector<float> observation;  // [obs_dim]
  float reward = 0;
  bool terminated = false;  // a terminal state was reached
  bool truncated = false;   // the horizon was reached
};

/// Thrown by an environment in front of a real system (a robot behind its link) that has never
/// answered: restarting its worker again and again would not make it answer.
class system_unreachable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An episodic control task. Not thread-safe: one instance per actor or thread.
class environment {
 public:
  virtual ~environment() = default;

  virtual const env_info& info() const = 0;

  /// Starts an episode; the same seed gives the same initial state. Returns o_0.
  virtual std::vector<float> reset(uint64_t seed) = 0;

  /// Applies an action ([act_dim], clipped to the bounds) for one control period.
  /// Throws std::invalid_argument on a wrong size or a non-finite action, and std::runtime_error
  /// when the simulation diverges.
  virtual step_result step(const std::vector<float>& action) = 0;

  /// Rewards of a batch of transitions, the same function step() uses, so that a learned model's
  /// predictions are scored exactly as the real system would be.
  /// obs, next_obs: [n, obs_dim]; act: [n, act_dim]; out: [n].
  virtual void reward_batch(const float* obs, const float* act, const float* next_obs, size_t n,
                            float* out) const = 0;

  /// The same rewards as LibTorch tensors that autograd passes through (MAAC backpropagates
  /// through them, iLQG takes their derivatives): obs, next_obs [n, obs_dim], act [n, act_dim],
  /// float32 or float64 -> [n]. Equal to reward_batch to float precision.
  virtual at::Tensor reward_tensor(const at::Tensor& obs, const at::Tensor& act,
                                   const at::Tensor& next_obs) const = 0;

  /// Whether each transition ends in a terminal state, [n] bool: never, for the tasks of
  /// the asynchronous MB-RL paper's code (no early termination).
  virtual at::Tensor terminal_tensor(const at::Tensor& obs, const at::Tensor& act,
                                     const at::Tensor& next_obs) const;
};

/// clip(a) for `rows` actions [rows, act_dim] into `clipped` (the same shape; may be `actions`):
/// what the actuators receive, each coordinate in [act_low, act_high].
void clip_actions(const env_info& info, const float* actions, size_t rows, float* clipped);

/// |clip(a)|^2 for one action [act_dim], clipped into the bounds of `info`: the control cost
/// every task charges, on the action the actuators actually received.
float clipped_action_norm2(const env_info& info, const float* action);

/// The check every step() makes first: throws std::invalid_argument naming the environment
/// when `action` has the wrong size or a NaN or Inf.
void check_action(const env_info& info, const std::vector<float>& action);

}  // namespace amb::envs
