#pragma once

// Scoring a policy: the returns of seeded episodes and their spread. The evaluator of a run
// scores every θ this way, and `amb eval` a checkpoint, so that both give the same numbers for
// the same θ, task and seeds.

#include <cstdint>
#include <vector>

#include "envs/environment.hpp"
#include "learners/acting_policy.hpp"

namespace amb::actors {

/// The undiscounted returns of `episodes` episodes of `policy` in `env`; episode e starts from
/// reset(seed + e), and the policy's draws (if it draws at all) come from one stream seeded
/// with `seed`, so that the same arguments give the same returns.
std::vector<double> episode_returns(envs::environment& env, learners::acting_policy& policy,
                                    int episodes, uint64_t seed);

/// Mean, standard deviation (of the episodes themselves, numpy's std with ddof 0, as rllab's
/// StdReturn), minimum and maximum of returns.
struct return_spread {
  double mean = 0, std = 0, min = 0, max = 0;
  int episodes = 0;
};

/// The spread of `returns`; all zero for none.
return_spread spread_of(const std::vector<double>& returns);

}  // namespace amb::actors
