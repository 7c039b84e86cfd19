#pragma once

#include <chrono>
#include <string>

#include "actors/message_tap.hpp"
#include "actors/periodic_deadline.hpp"
#include "messages/interfaces.hpp"

namespace amb::actors {

/// Where and how often a parameter server writes its checkpoint (actors/param_checkpoint.hpp).
struct param_checkpoint_plan {
  std::string path;                           // empty: no checkpoints
  std::chrono::duration<double> interval{0};  // at the first push after it, and at exit
};

struct param_server_state {
  messages::param_blob latest;  // version 0: nothing pushed yet
  param_checkpoint_plan checkpoint;
  periodic_deadline next_checkpoint;
  uint64_t checkpointed_version = 0;
  static inline const char* name = "param_server";
};

/// A ParamServer (shared/DESIGN.md) for the parameters called `name` ("policy", "model") of a
/// run of `algorithm`: keeps the latest versioned blob; pushes must be of that algorithm, newer,
/// laid out in the same sections as before, finite, and, when they crossed the network, match
/// their checksum (messages::validate). Every request and reply also goes through `tap` (off
/// unless the run records).
messages::param_server_actor::behavior_type param_server(
    messages::param_server_actor::stateful_pointer<param_server_state> self, std::string name,
    std::string algorithm, message_tap tap);

/// A ParamServer that starts from `restored` (a checkpoint; version 0: none) and writes its
/// latest blob to `plan.path` every `plan.interval` and when it exits, so that a resumed run
/// goes on from it.
messages::param_server_actor::behavior_type checkpointed_param_server(
    messages::param_server_actor::stateful_pointer<param_server_state> self, std::string name,
    std::string algorithm, message_tap tap, param_checkpoint_plan plan,
    messages::param_blob restored);

}  // namespace amb::actors
