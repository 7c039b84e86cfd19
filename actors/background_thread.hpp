#pragma once

// Learners compute for as long as they are given the CPU; everything else on a node waits on
// events and must answer soon: the middleman's heartbeats (a peer silent for --peer-timeout is
// dropped), the servers' acknowledgements, a collector pacing a robot. A learner's thread
// therefore tells Linux what it is: SCHED_BATCH, CPU-bound and not interactive. It keeps its
// fair share of the CPU (a lower priority, a nice value, would starve learning on a busy
// machine), but a thread that wakes up to answer a message is no longer kept waiting behind
// it. The thread is also named, so that `top -H` shows which thread is which.

#include <string>

namespace amb::actors {

/// Names the calling thread (at most 15 characters are kept) and marks it SCHED_BATCH. Only
/// this thread changes; threads it starts later inherit both.
void run_as_background_thread(const std::string& name);

}  // namespace amb::actors
