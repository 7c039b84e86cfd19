#include "hw/rate_watchdog.hpp"

namespace amb::hw {

bool rate_watchdog::on_tick(clock::time_point now) {
  if (!started_) {
    started_ = true;
    window_start_ = now;
    ticks_in_window_ = 0;
    return tripped_;
  }
  ++ticks_in_window_;
  const auto elapsed = now - window_start_;
  if (elapsed < config_.window) return tripped_;
  // A loop that stalled for longer than a window lands here once with few ticks over a long
  // time, which is the low rate it had.
  rates_[next_] = ticks_in_window_ / std::chrono::duration<double>(elapsed).count();
  next_ = (next_ + 1) % samples;
  if (filled_ < samples) ++filled_;
  window_start_ = now;
  ticks_in_window_ = 0;
  if (filled_ == samples && mean_rate() < config_.min_rate_hz) tripped_ = true;
  return tripped_;
}

double rate_watchdog::mean_rate() const {
  if (filled_ == 0) return 0;
  double sum = 0;
  for (int i = 0; i < filled_; ++i) sum += rates_[i];
  return sum / filled_;
}

void rate_watchdog::reset() {
  *this = rate_watchdog(config_);
}

}  // namespace amb::hw
