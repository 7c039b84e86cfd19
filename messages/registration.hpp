#pragma once

#include <caf/fwd.hpp>
#include <string>
#include <vector>

namespace amb::messages {

/// Registers amb's message types and error category with an actor system config. Call it on
/// every node before the actor system starts.
void register_types(caf::actor_system_config& cfg);

/// The names of the registered message types in type-ID order. Two builds can exchange messages
/// (or read each other's message logs) only when these lists are equal.
std::vector<std::string> type_registry();

}  // namespace amb::messages
