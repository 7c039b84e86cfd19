#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "apps/command_line.hpp"

namespace amb::apps {

// Each command of `amb` declares itself and its options in the table (apps/command_line.hpp).
void add_run_command(command_table& table);
void add_node_command(command_table& table);
void add_attach_command(command_table& table);
void add_certs_command(command_table& table);
void add_envs_command(command_table& table);
void add_plot_command(command_table& table);
void add_eval_command(command_table& table);
void add_render_command(command_table& table);
void add_replay_command(command_table& table);
void add_pr2_sim_command(command_table& table);
void add_bench_command(command_table& table);

/// `amb plot RUNS --out OUT`: the learning curves of run folders into one PNG (exit code).
int plot_runs(const std::vector<std::filesystem::path>& runs, std::filesystem::path out);

/// The local date and time as YYYYmmdd-HHMMSS, for the default names of run folders.
std::string run_folder_stamp();

}  // namespace amb::apps
