#include "actors/work_gate.hpp"

namespace amb::actors {

work_gate::~work_gate() {
  if (promise_.pending()) promise_.deliver(caf::make_error(caf::sec::request_receiver_down));
}

bool work_gate::admit() {
  waiting_ = allowance_ == 0;
  return !waiting_;
}

bool work_gate::open_for(uint64_t units, caf::response_promise promise) {
  allowance_ = units;
  done_ = 0;
  promise_ = std::move(promise);
  if (units == 0) finish();
  const bool resume = waiting_ && allowance_ > 0;
  if (resume) waiting_ = false;
  return resume;
}

void work_gate::consume() {
  if (allowance_ == unlimited) return;
  ++done_;
  if (allowance_ > 0 && --allowance_ == 0) finish();
}

void work_gate::finish() {
  if (allowance_ == unlimited) return;
  allowance_ = 0;
  if (promise_.pending()) promise_.deliver(done_);
}

}  // namespace amb::actors
