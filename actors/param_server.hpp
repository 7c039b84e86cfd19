#pragma once

#include <string>

#include "actors/message_tap.hpp"
#include "messages/interfaces.hpp"

namespace amb::actors {

struct param_server_state {
  messages::param_blob latest;  // version 0: nothing pushed yet
  static inline const char* name = "param_server";
};

/// A ParamServer (shared/DESIGN.md) for the parameters called `name` ("policy" or "model"):
/// keeps the latest versioned blob; pushes must be newer, the same size as before, finite, and,
/// when they crossed the network, match their checksum. Every request and reply also goes
/// through `tap` (off unless the run records).
messages::param_server_actor::behavior_type param_server(
    messages::param_server_actor::stateful_pointer<param_server_state> self, std::string name,
    message_tap tap);

}  // namespace amb::actors
