#pragma once

#include <caf/fwd.hpp>
#include <functional>
#include <string>

#include "apps/run_config.hpp"
#include "apps/run_state.hpp"
#include "apps/worker_specs.hpp"
#include "messages/run_stats.hpp"

namespace amb::apps {

/// How the graph's node takes part: which workers it runs itself, and what it opens to other
/// nodes once its servers are up.
struct node_plan {
  worker_placement local;  // generation is the run state's
  // amb node: a run left without workers waits for peers to attach.
  bool wait_for_peers = false;
  // Called once the servers are up and θ is served, with the seconds the run had run before
  // this process (the clock its events go on from); returns an actor that lives until the end
  // of the run and is then stopped (the node's gateway), or none.
  std::function<caf::actor(const run_servers&, double elapsed_before)> open;
  // Asked at every progress update: a non-empty answer ("SIGINT") stops the run now, as its
  // budget would (checkpoints, final counters), with that reason.
  std::function<std::string()> stop_requested;
};

/// A single node running every worker of `config` itself (amb run).
node_plan single_node(const run_config& config);

/// Builds the actor graph of `config` (servers, collectors, coordinator, event log
/// writing to `out_dir`/events.jsonl) from `state` (a new run's or a resumed one's; see
/// apps/run_state.hpp), pushes the initial θ as version 1 unless a checkpoint holds one, runs
/// it to its budget and tears it down, checkpointing on the way and at the end. `on_progress`
/// sees every stats update, the last one with finished set.
messages::run_stats run_graph(caf::actor_system& system, const run_config& config,
                              const std::string& out_dir, run_state state, const node_plan& plan,
                              const std::function<void(const messages::run_stats&)>& on_progress);

/// A new single-node run of `config`: run_graph from an empty buffer.
messages::run_stats run_new_graph(
    caf::actor_system& system, const run_config& config, const std::string& out_dir,
    const std::function<void(const messages::run_stats&)>& on_progress);

}  // namespace amb::apps
