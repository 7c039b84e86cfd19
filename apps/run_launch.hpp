#pragma once

#include <caf/fwd.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "apps/command_line.hpp"
#include "apps/run_config.hpp"
#include "apps/run_graph.hpp"

namespace amb::apps {

/// `amb run`'s options (amb node takes them too).
struct run_arguments {
  std::string config_path;
  std::string out_dir;
  bool record = false;
  std::vector<std::string> sets;
  std::vector<std::string> faults;  // --inject, added to the configuration's faults
  std::string resume_dir;
};

/// Declares CONFIG, --out, --record, --inject, --set and --resume on `command`, into `args`.
void add_run_options(CLI::App* command, run_arguments& args);

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

/// `amb run`'s work once its options are parsed: reads the configuration, prepares (or resumes)
/// the run folder, runs the graph to its budget with a progress line and writes the summary.
/// Returns the exit code (0 budget reached, 1 failed, 2 bad configuration).
int launch_run(const run_arguments& args, const run_launch& launch);

}  // namespace amb::apps
