#pragma once

// The real steps delivered to a learner over a whole run, across its instances. A new instance
// (a restart, a resumed run) loads its predecessor's count with its state and is given the data
// buffer's window again: the episodes of that window the count already holds, known by their
// sequence numbers at the buffer, are not counted twice.

#include <cstdint>

#include "learners/learner.hpp"
#include "learners/learner_state.hpp"

namespace amb::learners {

class delivered_steps {
 public:
  /// Counts the episode's steps unless the loaded count already held them.
  void add(const episode_view& episode);
  int64_t count() const { return steps_; }

  void save(state_writer& out) const;
  /// Reads what save() wrote. From then on, episodes numbered below the newest the saved count
  /// held are not counted: whatever was counted before the load is replaced.
  void load(state_reader& in);

 private:
  int64_t steps_ = 0;
  uint64_t counted_through_ = 0;  // one past the newest episode counted
  uint64_t loaded_through_ = 0;   // what the loaded count held: none for a new learner
};

}  // namespace amb::learners
