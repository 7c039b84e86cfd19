#pragma once

#include <chrono>
#include <memory>

#include "envs/environment.hpp"

namespace amb::envs {

/// Makes each step take at least `period` of wall time, as on a real robot whose control loop
/// runs at a fixed rate (the asynchronous MB-RL paper paces HalfCheetah and Ant at 0.05 s a
/// step). Deadlines are absolute from reset, so time spent outside step() counts towards the
/// period and the rate does not drift: after k steps at least k periods have passed. After an
/// overrun the schedule restarts from that moment.
class paced_env : public environment {
 public:
  paced_env(std::unique_ptr<environment> inner, std::chrono::duration<double> period);

  const env_info& info() const override { return inner_->info(); }
  std::vector<float> reset(uint64_t seed) override;
  step_result step(const std::vector<float>& action) override;
  void reward_batch(const float* obs, const float* act, const float* next_obs, size_t n,
                    float* out) const override {
    inner_->reward_batch(obs, act, next_obs, n, out);
  }
  at::Tensor reward_tensor(const at::Tensor& obs, const at::Tensor& act,
                           const at::Tensor& next_obs) const override;
  at::Tensor terminal_tensor(const at::Tensor& obs, const at::Tensor& act,
                             const at::Tensor& next_obs) const override;

 private:
  using clock = std::chrono::steady_clock;
  std::unique_ptr<environment> inner_;
  clock::duration period_;
  clock::time_point next_deadline_;
};

}  // namespace amb::envs
