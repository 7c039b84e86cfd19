#pragma once

#include <caf/fwd.hpp>
#include <map>
#include <string>

namespace amb::recording {

/// Who is who in a log: "actor#<id>" -> the name its label record gives (e.g. "model_learner"),
/// from every label record up to the end of the log or its damage. Label records may come after
/// the actor's first messages, so a reader resolves names from this map, not on the fly.
std::map<std::string, std::string> read_actor_names(caf::actor_system& system,
                                                    const std::string& log_path);

/// The name for a record's sender or receiver: its label, or the string itself (servers are
/// recorded by name).
std::string display_name(const std::map<std::string, std::string>& names, const std::string& who);

}  // namespace amb::recording
