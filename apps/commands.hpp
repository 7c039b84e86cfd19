#pragma once

#include <string>
#include <vector>

namespace amb::apps {

// Each subcommand of `amb` takes the arguments after its name and returns the exit code.
// Exit codes: 0 success, 1 the work failed, 2 bad usage or configuration.
int run_command(const std::vector<std::string>& args);
int envs_command(const std::vector<std::string>& args);
int bench_command(const std::vector<std::string>& args);
int plot_command(const std::vector<std::string>& args);
int replay_command(const std::vector<std::string>& args);
int pr2_sim_command(const std::vector<std::string>& args);
int node_command(const std::vector<std::string>& args);
int attach_command(const std::vector<std::string>& args);
int certs_command(const std::vector<std::string>& args);

/// The local date and time as YYYYmmdd-HHMMSS, for the default names of run folders.
std::string run_folder_stamp();

}  // namespace amb::apps
