#pragma once

#include <chrono>

namespace amb::actors {

/// When work done at intervals (a checkpoint, an fsync) is due again, on the steady clock:
/// one interval after construction, then one interval after each restart().
class periodic_deadline {
 public:
  explicit periodic_deadline(std::chrono::duration<double> interval = {})
      : interval_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval)) {
    restart();
  }

  bool due() const { return std::chrono::steady_clock::now() >= next_; }

  void restart() { next_ = std::chrono::steady_clock::now() + interval_; }

 private:
  std::chrono::steady_clock::duration interval_;
  std::chrono::steady_clock::time_point next_;
};

}  // namespace amb::actors
