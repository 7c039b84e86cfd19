#pragma once

// Seconds spent in each phase of a learner's step (imagination, advantages, the update), which
// the step reports with its metrics: a run's progress files then show where a learner's time
// goes, and `amb bench learners` reads the split from the same numbers.

#include <chrono>

namespace amb::learners {

class stopwatch {
 public:
  stopwatch() : last_(std::chrono::steady_clock::now()) {}

  /// Seconds since the stopwatch was made or since the previous lap.
  double lap() {
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return seconds;
  }

 private:
  std::chrono::steady_clock::time_point last_;
};

}  // namespace amb::learners
