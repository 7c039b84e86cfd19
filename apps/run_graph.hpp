#pragma once

#include <caf/fwd.hpp>
#include <functional>
#include <string>

#include "apps/run_config.hpp"
#include "messages/run_stats.hpp"

namespace amb::apps {

/// Builds the single-node actor graph of `config` (servers, collectors, coordinator, event log
/// writing to `out_dir`/events.jsonl), pushes the initial θ as version 1, runs it to its budget
/// and tears it down. `on_progress` sees every stats update, the last one with finished set.
messages::run_stats run_graph(caf::actor_system& system, const run_config& config,
                              const std::string& out_dir,
                              const std::function<void(const messages::run_stats&)>& on_progress);

}  // namespace amb::apps
