#pragma once

// Learners compute for as long as they are given the CPU; everything else on a node waits on
// events and must answer soon: the middleman's heartbeats (a peer silent for --peer-timeout is
// dropped), the servers' acknowledgements, a collector pacing a robot. On two cores a learner
// step at the same priority shares the CPU evenly with them, so a learner's thread yields: it
// runs at a lower priority (a higher nice value), and is named so that `top -H` shows which
// thread is which.

#include <string>

namespace amb::actors {

/// How much nicer than the process a background thread runs (Linux: 0 to 19 above it).
inline constexpr int background_niceness = 10;

/// Names the calling thread (at most 15 characters are kept) and lowers its priority by
/// background_niceness. Only this thread changes: threads it starts later inherit both.
void run_as_background_thread(const std::string& name);

}  // namespace amb::actors
