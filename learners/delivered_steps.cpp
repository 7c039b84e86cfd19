#include "learners/delivered_steps.hpp"

#include <algorithm>

namespace amb::learners {

void delivered_steps::add(const episode_view& episode) {
  if (episode.seq >= loaded_through_) steps_ += int64_t(episode.length);
  counted_through_ = std::max(counted_through_, episode.seq + 1);
}

// As doubles, which hold both exactly up to 2^53.
void delivered_steps::save(state_writer& out) const {
  out.add(double(steps_));
  out.add(double(counted_through_));
}

void delivered_steps::load(state_reader& in) {
  steps_ = int64_t(in.read_double());
  loaded_through_ = counted_through_ = uint64_t(in.read_double());
}

}  // namespace amb::learners
