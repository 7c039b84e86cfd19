#include "hw/realtime_loop.hpp"

#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace amb::hw {

namespace {

timespec to_timespec(realtime_loop::clock::time_point t) {
  // steady_clock is CLOCK_MONOTONIC on Linux, the clock clock_nanosleep is given below.
  const auto ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  return {static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
}

int64_t nanoseconds_of(realtime_loop::clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// Asks for SCHED_FIFO and locked memory; returns why not when either is refused.
std::string enter_realtime(int priority) {
  std::string warning;
  sched_param param{};
  param.sched_priority = priority;
  if (const int error = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param); error != 0)
    warning = std::string("SCHED_FIFO refused (") + std::strerror(error) +
              "): the loop runs at normal priority and other load can delay it";
  // Page faults in the loop cost milliseconds; locking keeps its memory resident.
  if (mlockall(MCL_CURRENT | MCL_FUTURE) != 0)
    warning += std::string(warning.empty() ? "" : "; ") + "mlockall refused (" +
               std::strerror(errno) + "): page faults may delay the loop";
  return warning;
}

}  // namespace

realtime_loop::realtime_loop(realtime_loop_config config, tick_function tick)
    : config_(config), tick_(std::move(tick)) {}

realtime_loop::~realtime_loop() {
  stop();
}

void realtime_loop::start() {
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { run(); });
  while (!started_.load(std::memory_order_acquire)) std::this_thread::yield();
}

void realtime_loop::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::string realtime_loop::priority_warning() const {
  return started_ ? priority_warning_ : std::string();
}

void realtime_loop::record_latency(clock::duration late) {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(late).count();
  const uint64_t late_ns = ns > 0 ? static_cast<uint64_t>(ns) : 0;
  const uint64_t bucket = std::min<uint64_t>(late_ns / 1000, latency_buckets - 1);
  latency_[bucket].fetch_add(1, std::memory_order_relaxed);
  if (late_ns > latency_max_ns_.load(std::memory_order_relaxed))
    latency_max_ns_.store(late_ns, std::memory_order_relaxed);
}

void realtime_loop::run() {
  priority_warning_ = config_.realtime_priority
                          ? enter_realtime(config_.priority)
                          : "real-time priority not requested: the loop runs at normal priority";
  started_.store(true, std::memory_order_release);
  auto deadline = clock::now();
  first_tick_ns_ = nanoseconds_of(deadline);
  uint64_t tick = 0;
  while (!stop_.load(std::memory_order_relaxed)) {
    deadline += config_.period;
    const timespec wake = to_timespec(deadline);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &wake, nullptr) == EINTR) {
    }
    const auto now = clock::now();
    record_latency(now - deadline);
    tick_(tick++, now);
    ticks_.store(tick, std::memory_order_relaxed);
    const auto done = clock::now();
    last_tick_ns_.store(nanoseconds_of(done), std::memory_order_relaxed);
    if (done - deadline >= config_.period) {
      overruns_.fetch_add(1, std::memory_order_relaxed);
      // Snap to the last deadline already passed; the next iteration sleeps to the one after.
      deadline += ((done - deadline) / config_.period) * config_.period;
    }
  }
}

loop_timing realtime_loop::timing() const {
  loop_timing t;
  t.ticks = ticks_.load();
  t.overruns = overruns_.load();
  t.seconds = (last_tick_ns_.load() - first_tick_ns_.load()) / 1e9;
  t.rate_hz = t.seconds > 0 ? t.ticks / t.seconds : 0;
  uint64_t total = 0;
  for (const auto& count : latency_) total += count.load(std::memory_order_relaxed);
  auto percentile = [&](double p) {
    const auto wanted = static_cast<uint64_t>(p * total);
    uint64_t seen = 0;
    for (int b = 0; b < latency_buckets; ++b) {
      seen += latency_[b].load(std::memory_order_relaxed);
      if (seen > wanted) return b + 0.5;  // bucket middle, µs
    }
    return latency_buckets - 0.5;
  };
  if (total > 0) {
    t.latency_p50_us = percentile(0.5);
    t.latency_p99_us = percentile(0.99);
    t.latency_p999_us = percentile(0.999);
  }
  t.latency_max_us = latency_max_ns_.load() / 1000.0;
  return t;
}

}  // namespace amb::hw
