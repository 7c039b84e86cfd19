#pragma once

#include <caf/error.hpp>
#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "messages/shared_bytes.hpp"

namespace amb::messages {

/// One episode as a collector saw it. Arrays are float32, row-major.
struct trajectory {
  std::string source;           // the collector that produced it, e.g. "collector-0"
  uint64_t policy_version = 0;  // version of θ the collector acted with
  uint32_t obs_dim = 0;
  uint32_t act_dim = 0;
  uint32_t length = 0;        // T, the number of steps
  shared_bytes observations;  // [T + 1, obs_dim]: o_0 .. o_T
  shared_bytes actions;       // [T, act_dim]
  shared_bytes rewards;       // [T]
  bool terminated = false;    // the episode reached a terminal state
  bool truncated = false;     // the episode was cut at the horizon
  double wall_time = 0;       // seconds the episode took to collect
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, trajectory& x) {
  return f(caf::meta::type_name("trajectory"), x.source, x.policy_version, x.obs_dim, x.act_dim,
           x.length, x.observations, x.actions, x.rewards, x.terminated, x.truncated, x.wall_time);
}

/// The dimensions a receiver expects of a trajectory.
struct trajectory_dims {
  uint32_t obs_dim = 0;
  uint32_t act_dim = 0;
  uint32_t max_length = 0;  // the run's horizon: no episode is longer; 0: any length
};

/// Checks a trajectory on arrival (and when a resume reads it back): dims as expected, array
/// sizes consistent with T and the dims, at least one step and no more than the horizon, every
/// value finite. Returns the reason for refusal, or none.
caf::error validate(const trajectory& t, const trajectory_dims& expected);

/// The trajectories of one pull from the data buffer.
struct trajectory_batch {
  uint64_t first_seq = 0;    // sequence number of trajectories[0]
  uint64_t next_cursor = 0;  // the cursor to pull from next
  uint64_t skipped = 0;      // trajectories after the requested cursor that had left the window
  std::vector<trajectory> trajectories;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, trajectory_batch& x) {
  return f(caf::meta::type_name("trajectory_batch"), x.first_seq, x.next_cursor, x.skipped,
           x.trajectories);
}

/// Counters of the data buffer.
struct buffer_stats {
  uint64_t trajectories_pushed = 0;  // accepted since the start
  uint64_t env_steps = 0;            // transitions accepted since the start
  uint64_t trajectories_stored = 0;  // in the window now
  uint64_t steps_stored = 0;         // transitions in the window now
  uint64_t first_stored_seq = 0;     // sequence number of the oldest stored trajectory
  uint64_t rejected = 0;             // pushes refused as malformed
  uint64_t pulls = 0;                // pulls served, to all consumers
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, buffer_stats& x) {
  return f(caf::meta::type_name("buffer_stats"), x.trajectories_pushed, x.env_steps,
           x.trajectories_stored, x.steps_stored, x.first_stored_seq, x.rejected, x.pulls);
}

}  // namespace amb::messages
