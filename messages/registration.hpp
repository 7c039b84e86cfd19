#pragma once

#include <caf/fwd.hpp>

namespace amb::messages {

/// Registers amb's message types and error category with an actor system config. Call it on
/// every node before the actor system starts.
void register_types(caf::actor_system_config& cfg);

}  // namespace amb::messages
