#pragma once

#include <caf/fwd.hpp>
#include <functional>
#include <string>

#include "apps/run_config.hpp"
#include "apps/run_state.hpp"
#include "messages/run_stats.hpp"

namespace amb::apps {

/// Builds the single-node actor graph of `config` (servers, collectors, coordinator, event log
/// writing to `out_dir`/events.jsonl) from `state` (a new run's or a resumed one's; see
/// apps/run_state.hpp), pushes the initial θ as version 1 unless a checkpoint holds one, runs
/// it to its budget and tears it down, checkpointing on the way and at the end. `on_progress`
/// sees every stats update, the last one with finished set.
messages::run_stats run_graph(caf::actor_system& system, const run_config& config,
                              const std::string& out_dir, run_state state,
                              const std::function<void(const messages::run_stats&)>& on_progress);

/// A new run of `config`: run_graph from an empty buffer.
messages::run_stats run_new_graph(
    caf::actor_system& system, const run_config& config, const std::string& out_dir,
    const std::function<void(const messages::run_stats&)>& on_progress);

}  // namespace amb::apps
