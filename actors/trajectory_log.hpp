#pragma once

#include <caf/expected.hpp>
#include <cstdint>
#include <deque>
#include <map>
#include <string>

#include "actors/trajectory_store.hpp"
#include "messages/trajectory.hpp"

namespace amb::actors {

struct data_buffer_config {
  uint32_t obs_dim = 0;
  uint32_t act_dim = 0;
  uint64_t capacity_steps = 100000;  // transitions kept in the window (oldest trajectories leave)
  uint32_t max_pull = 64;            // most trajectories one pull returns
  uint32_t max_length = 0;           // the run's horizon: longer trajectories are refused

  /// What every trajectory of such a buffer satisfies.
  messages::trajectory_dims dims() const { return {obs_dim, act_dim, max_length}; }
};

/// The data buffer's state: an append-only log of trajectories numbered 0, 1, 2, ... of which
/// the newest fit in a bounded window. Reads never remove anything; the log remembers where each
/// consumer last read from, so a consumer that restarts can ask and read again from there.
class trajectory_log {
 public:
  explicit trajectory_log(const data_buffer_config& config);

  /// Validates, writes through to the store (when there is one) and appends; returns the
  /// sequence number. A refused trajectory changes nothing but the rejected counter.
  caf::expected<uint64_t> append(messages::trajectory t);

  /// From now on every accepted trajectory is written to `store` before append returns.
  void persist_to(std::unique_ptr<trajectory_store> store);

  /// Appends a trajectory read back from a store (a resumed run; read_trajectory_store checked it
  /// against dims()); it is not written again.
  void restore(messages::trajectory t);

  /// What every trajectory it holds satisfies.
  messages::trajectory_dims dims() const { return config_.dims(); }

  /// Puts the store's data on the disk (a checkpoint); nothing without a store.
  void sync();

  /// Up to `max` trajectories from `cursor` on (limited by max_pull). Trajectories that left the
  /// window are skipped and counted. Records `cursor` as the consumer's position.
  caf::expected<messages::trajectory_batch> read(const std::string& consumer, uint64_t cursor,
                                                 uint32_t max);

  /// The cursor `consumer` last read from; 0 for a consumer never seen.
  uint64_t cursor_of(const std::string& consumer) const;

  messages::buffer_stats stats() const;

 private:
  data_buffer_config config_;
  std::deque<messages::trajectory> window_;
  uint64_t first_seq_ = 0;  // sequence number of window_.front()
  uint64_t steps_stored_ = 0;
  uint64_t env_steps_ = 0;
  uint64_t rejected_ = 0;
  uint64_t pulls_ = 0;
  std::map<std::string, uint64_t> cursors_;
  std::unique_ptr<trajectory_store> store_;
};

}  // namespace amb::actors
