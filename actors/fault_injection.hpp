#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace amb::actors {

/// Faults a user or a test injects into a learner (amb run --inject WORKER:KIND:SECONDS), to see
/// supervision at work: `throw` makes the step throw; `nan` puts a NaN into the parameters about
/// to be pushed, which the learner must refuse to push (it fails loudly instead).
enum class fault_kind { none, throw_exception, nan };

struct fault_plan {
  fault_kind kind = fault_kind::none;
  std::chrono::duration<double> every{0};  // after each instance has run this long, and again
};

struct fault_spec {
  std::string worker;  // model_learner or policy_learner
  fault_plan plan;
};

/// Parses WORKER:KIND:SECONDS; throws std::invalid_argument naming what is wrong.
fault_spec parse_fault(const std::string& text);

/// When a plan's next fault is due, for one instance of a worker.
class fault_clock {
 public:
  explicit fault_clock(fault_plan plan);

  /// Applies the fault when it is due: throws, or poisons `parameters` with a NaN.
  void strike(std::vector<float>& parameters);

 private:
  fault_plan plan_;
  std::chrono::steady_clock::time_point next_;
};

}  // namespace amb::actors
