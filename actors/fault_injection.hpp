#pragma once

#include <caf/fwd.hpp>
#include <chrono>
#include <string>
#include <vector>

namespace amb::actors {

/// Faults a user or a test injects into a worker (amb run --inject WORKER:KIND:SECONDS), to see
/// supervision at work: `throw` makes the step throw; `nan` puts a NaN into what the worker is
/// about to push (a learner's parameters, which it must refuse to push; a collector's
/// observations, which the data buffer refuses); `stall` makes the worker hang: it stops
/// working and answers nothing, until its supervisor's liveness check gives up on it.
enum class fault_kind { none, throw_exception, nan, stall };

struct fault_plan {
  fault_kind kind = fault_kind::none;
  std::chrono::duration<double> every{0};  // after each instance has run this long, and again
};

struct fault_spec {
  std::string worker;  // collector (every collector), model_learner or policy_learner
  fault_plan plan;
};

/// Parses WORKER:KIND:SECONDS; throws std::invalid_argument naming what is wrong.
fault_spec parse_fault(const std::string& text);

/// When a plan's next fault is due, for one instance of a worker.
class fault_clock {
 public:
  explicit fault_clock(fault_plan plan);

  /// Applies the fault when it is due: throws, or poisons `values` with a NaN. Returns true when
  /// the due fault is a stall, which the caller applies with hang().
  bool strike(std::vector<float>& values);

 private:
  fault_plan plan_;
  std::chrono::steady_clock::time_point next_;
};

/// Makes `self` hang: every message from now on stays in its mailbox unanswered, as in a
/// deadlock. Only an exit message (its supervisor giving up on it) ends it.
void hang(caf::event_based_actor* self);

}  // namespace amb::actors
