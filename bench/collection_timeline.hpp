#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace amb::bench {

/// What a run's message log (RUN_DIR/messages.amblog) tells about its collectors: every episode
/// the data buffer stored and every θ version the policy server stored, in seconds on the
/// recording node's steady clock. Local and remote collectors are timed by the same clock.
struct collection_timeline {
  struct episode {
    std::string collector;  // the trajectory's source, e.g. "collector-1@peer1"
    double start;  // when it was stored minus its own duration: when the collector had its θ
    double stored;
    uint32_t steps;
    uint64_t policy_version;
  };
  struct theta {
    uint64_t version;
    double stored;
  };
  std::vector<episode> episodes;  // in the order the buffer stored them
  std::vector<theta> thetas;      // in the order the policy server stored them
};

/// Reads the log; throws std::runtime_error when it cannot be read, is damaged, or has no
/// stored episode (a run recorded without collectors, or without record.enabled).
collection_timeline read_collection_timeline(const std::string& log_path);

/// Env steps stored per second, all collectors together, from the first stored episode to the
/// last; the first episode's steps were collected before that window and are not counted.
double collection_rate(const collection_timeline& timeline);

/// For each θ version that every collector went on to act with (itself or a newer one): the
/// seconds from the policy server storing it until the last collector started an episode with
/// it. An episode's start is taken as stored minus duration, so each figure also holds that
/// episode's push to the buffer: an upper bound.
std::vector<double> theta_reach_seconds(const collection_timeline& timeline);

}  // namespace amb::bench
