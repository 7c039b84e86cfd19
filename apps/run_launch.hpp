#pragma once

#include <caf/fwd.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "apps/run_config.hpp"
#include "apps/run_graph.hpp"

namespace amb::apps {

/// What a command adds to `amb run`'s way of running a graph (amb node).
struct run_launch {
  const char* command = "run";  // in messages: "amb <command>: ..."
  // Before the actor system starts (amb node: the network).
  std::function<void(caf::actor_system_config&)> configure;
  // This node's part in the run, for the resolved configuration and the run state's
  // generation; unset: every worker, nothing opened (single_node).
  std::function<node_plan(const run_config&, uint32_t generation)> plan;
  // A new run's folder is ready (params.json written): what the command keeps there besides.
  std::function<void(const std::string& out_dir)> prepared;
};

/// `amb run`'s work after --help: reads CONFIG, --out, --record, --inject, --set and --resume,
/// prepares (or resumes) the run folder, runs the graph to its budget with a progress line and
/// writes the summary. Returns the exit code (0 budget reached, 1 failed, 2 bad usage).
int launch_run(const std::vector<std::string>& args, const run_launch& launch);

}  // namespace amb::apps
