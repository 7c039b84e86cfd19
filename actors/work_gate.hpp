#pragma once

#include <caf/response_promise.hpp>
#include <cstdint>
#include <limits>

#include "messages/interfaces.hpp"

namespace amb::actors {

/// How much work a worker may do: unlimited in asynchronous mode; in sequential mode the
/// coordinator opens it for a number of units (episodes, epochs, policy steps) with a `gate`
/// request, which is answered once they are done or the phase ends early (finish()).
class work_gate {
 public:
  static constexpr uint64_t unlimited = std::numeric_limits<uint64_t>::max();

  explicit work_gate(bool gated) : allowance_(gated ? 0 : unlimited) {}
  /// A worker that dies in its phase (a crash its supervisor restarts) answers the gate request
  /// with an error, so that the coordinator's phase ends. CAF 0.17 drops a promise that is
  /// destroyed undelivered without a word, and the sequential run waited forever on it.
  ~work_gate();
  work_gate(const work_gate&) = delete;
  work_gate& operator=(const work_gate&) = delete;
  work_gate(work_gate&&) = default;
  work_gate& operator=(work_gate&&) = default;

  /// May a unit of work start now? When not, the worker waits for the next open_for().
  bool admit();

  /// Opens the gate for `units` more units; `promise` answers with the units done. Returns true
  /// when the worker was waiting at the gate and should resume its loop now.
  bool open_for(uint64_t units, caf::response_promise promise);

  /// One unit done; answers the pending gate request when the allowance is spent.
  void consume();

  /// Ends the phase early (the model learner when every member has stopped).
  void finish();

  bool gated() const { return allowance_ != unlimited; }

 private:
  uint64_t allowance_;
  uint64_t done_ = 0;
  bool waiting_ = false;
  caf::response_promise promise_;
};

/// The `gate` request handler of a worker whose state has a work_gate `gate` and whose loop
/// runs on `step` messages: opens the gate and resumes the loop if it was waiting there.
template <class Self, class Step>
auto gate_handler(Self* self, Step step) {
  return [=](messages::gate_atom, uint64_t units) {
    auto promise = self->make_response_promise();
    if (self->state.gate.open_for(units, promise)) self->send(self, step);
    return promise;
  };
}

}  // namespace amb::actors
