#pragma once

#include <string>

namespace amb::envs {

/// Per-run choices a user may make of any environment.
struct env_options {
  int horizon = 0;          // steps per episode; 0 keeps the task's default
  double pace_seconds = 0;  // wall seconds each step takes at least (0: as fast as possible)
  // UDP HOST:PORT of a robot's link (hw/: amb pr2-sim or a robot bridge): a collector then
  // drives the robot, which paces it. Empty: the task is simulated in-process.
  std::string robot;
};

}  // namespace amb::envs
