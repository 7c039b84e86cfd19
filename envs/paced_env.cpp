#include "envs/paced_env.hpp"

#include <ATen/core/Tensor.h>

#include <stdexcept>
#include <thread>

namespace amb::envs {

paced_env::paced_env(std::unique_ptr<environment> inner, std::chrono::duration<double> period)
    : inner_(std::move(inner)), period_(std::chrono::duration_cast<clock::duration>(period)) {
  if (period.count() < 0) throw std::invalid_argument("pacing period must not be negative");
}

std::vector<float> paced_env::reset(uint64_t seed) {
  auto obs = inner_->reset(seed);
  next_deadline_ = clock::now() + period_;
  return obs;
}

step_result paced_env::step(const std::vector<float>& action) {
  auto result = inner_->step(action);
  const auto now = clock::now();
  if (now > next_deadline_) {
    // Overrun: the step took longer than its period. Start the next period now, so the
    // following steps still take a full period each instead of rushing to catch up.
    next_deadline_ = now + period_;
  } else {
    std::this_thread::sleep_until(next_deadline_);
    next_deadline_ += period_;  // absolute deadlines: wake-up latency does not accumulate
  }
  return result;
}

at::Tensor paced_env::reward_tensor(const at::Tensor& obs, const at::Tensor& act,
                                    const at::Tensor& next_obs) const {
  return inner_->reward_tensor(obs, act, next_obs);
}

at::Tensor paced_env::terminal_tensor(const at::Tensor& obs, const at::Tensor& act,
                                      const at::Tensor& next_obs) const {
  return inner_->terminal_tensor(obs, act, next_obs);
}

}  // namespace amb::envs
