// amb: asynchronous model-based RL on actors. Each command declares itself (apps/commands.hpp);
// CLI11 parses the command line and generates every --help from those declarations.
#include "apps/commands.hpp"

int main(int argc, char** argv) {
  amb::apps::command_table table;
  table.amb.require_subcommand(1);
  table.amb.footer("Run 'amb <command> --help' for a command's options.");
  amb::apps::add_run_command(table);
  amb::apps::add_node_command(table);
  amb::apps::add_attach_command(table);
  amb::apps::add_certs_command(table);
  amb::apps::add_envs_command(table);
  amb::apps::add_eval_command(table);
  amb::apps::add_render_command(table);
  amb::apps::add_plot_command(table);
  amb::apps::add_replay_command(table);
  amb::apps::add_pr2_sim_command(table);
  amb::apps::add_bench_command(table);
  return amb::apps::run_command_line(table, argc, argv);
}
