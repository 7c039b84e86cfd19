#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

namespace amb::hw {

struct realtime_loop_config {
  std::chrono::nanoseconds period{1'000'000};  // 1 kHz
  bool realtime_priority = true;  // ask for SCHED_FIFO (and locked memory) when permitted
  int priority = 80;              // SCHED_FIFO priority, 1..99
};

/// Timing of a loop so far. Wake-up latency is how late the thread woke after its deadline.
struct loop_timing {
  uint64_t ticks = 0;
  uint64_t overruns = 0;  // ticks that ended past the next deadline (snapped ahead)
  double seconds = 0;     // since the first tick
  double rate_hz = 0;     // ticks / seconds
  double latency_p50_us = 0;
  double latency_p99_us = 0;
  double latency_p999_us = 0;
  double latency_max_us = 0;
};

/// A thread that calls `tick` once per period at absolute times (clock_nanosleep with
/// TIMER_ABSTIME on CLOCK_MONOTONIC, so lateness does not accumulate), under SCHED_FIFO when the
/// process may have it. A tick that runs past the next deadline is an overrun: the schedule
/// snaps to the next period still ahead instead of firing the missed ones in a burst (PR2.md).
/// The tick function must not block or allocate; the loop itself does neither.
class realtime_loop {
 public:
  using clock = std::chrono::steady_clock;
  using tick_function = std::function<void(uint64_t tick, clock::time_point now)>;

  realtime_loop(realtime_loop_config config, tick_function tick);
  ~realtime_loop();
  realtime_loop(const realtime_loop&) = delete;
  realtime_loop& operator=(const realtime_loop&) = delete;

  void start();
  void stop();

  /// Empty when the loop runs under SCHED_FIFO with locked memory; otherwise why not, as a
  /// warning for the user (filled once the thread has started).
  std::string priority_warning() const;

  loop_timing timing() const;

 private:
  void run();
  void record_latency(clock::duration late);

  static constexpr int latency_buckets = 10'000;  // 1 µs each; the last one takes the rest

  realtime_loop_config config_;
  tick_function tick_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> started_{false};
  std::string priority_warning_;  // written before started_ is set, read after
  std::atomic<uint64_t> ticks_{0};
  std::atomic<uint64_t> overruns_{0};
  std::atomic<int64_t> first_tick_ns_{0};
  std::atomic<int64_t> last_tick_ns_{0};
  std::atomic<uint64_t> latency_max_ns_{0};
  std::array<std::atomic<uint64_t>, latency_buckets> latency_{};
};

}  // namespace amb::hw
