#pragma once

#include <array>
#include <chrono>
#include <cstdint>

namespace amb::hw {

struct rate_watchdog_config {
  std::chrono::nanoseconds window{200'000'000};  // one rate sample per window (PR2.md: 200 ms)
  double min_rate_hz = 750;                      // trip when the mean of the samples is below
};

/// The loop-rate watchdog of shared/PR2.md: measures the loop rate over successive windows and
/// trips when the mean of the last three samples drops below the minimum. Once tripped it stays
/// tripped until reset(), so the arm stays halted until somebody clears it. No allocation.
class rate_watchdog {
 public:
  using clock = std::chrono::steady_clock;
  static constexpr int samples = 3;

  explicit rate_watchdog(rate_watchdog_config config = {}) : config_(config) {}

  /// Counts one loop iteration at `now`; returns true while tripped.
  bool on_tick(clock::time_point now);

  bool tripped() const { return tripped_; }
  /// Mean of the last samples (Hz); 0 before the first window ends.
  double mean_rate() const;
  void reset();

 private:
  rate_watchdog_config config_;
  bool started_ = false;
  clock::time_point window_start_{};
  uint64_t ticks_in_window_ = 0;
  std::array<double, samples> rates_{};  // ring of the last samples (Hz)
  int filled_ = 0;
  int next_ = 0;
  bool tripped_ = false;
};

}  // namespace amb::hw
