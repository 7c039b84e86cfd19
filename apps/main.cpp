// amb: asynchronous model-based RL on actors. Dispatches to the subcommands.
#include <iostream>
#include <string>
#include <vector>

#include "apps/commands.hpp"

namespace {

constexpr const char* usage = R"(usage: amb <command> [options]

Commands:
  run [CONFIG.json] [--out DIR] [--record] [--set key=value ...]
        Run a single-node actor graph to its budget, with a live progress line.
        Without CONFIG the built-in default is used (amb run --help shows it).
        --record writes every message to and from the servers to a message log.
  node [CONFIG.json] --listen [HOST:]PORT [--local ROLES] [--certs DIR] [run options]
        Run like amb run and publish the run's servers on PORT for other hosts.
  attach --connect HOST:PORT --role collector|model|policy|evaluator [--count N]
        Start workers here that join the run of amb node at HOST:PORT; re-attach
        when that node comes back after a loss.
  certs DIR [NAME ...]
        Make a CA and a certificate folder per node (default names: node, peer) for
        mutual TLS between amb node and amb attach (--certs DIR/NAME).
  envs [--json]
        List the environments: name, obs_dim, act_dim, control period, horizon.
  plot RUN_DIR [RUN_DIR ...] [--out FILE.png]
        Draw learning curves (evaluation return against env steps and against wall
        time) of one or more run folders into one PNG, with gnuplot.
  replay LOG --print [--type T] [--actor A] [--from S] [--to S]
  replay LOG --verify --actor model_learner|policy_learner [--until S [--out FILE]]
        Print a recorded run's messages, or re-run one learner on exactly the inputs
        it had and report where its outputs diverge from the recorded ones.
  pr2-sim [--task reach|insert|stack] [--listen HOST:PORT] [--seconds S]
        Run the simulated PR2-like arm in its 1 kHz real-time loop behind the UDP
        robot link; a run with env.robot set to HOST:PORT drives it.
  bench runtime [--json]
        Measure the runtime against raw baselines (physics, memcpy, loopback TCP).

Run 'amb <command> --help' for a command's options.
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << usage;
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "run") return amb::apps::run_command(args);
    if (command == "envs") return amb::apps::envs_command(args);
    if (command == "bench") return amb::apps::bench_command(args);
    if (command == "plot") return amb::apps::plot_command(args);
    if (command == "replay") return amb::apps::replay_command(args);
    if (command == "pr2-sim") return amb::apps::pr2_sim_command(args);
    if (command == "node") return amb::apps::node_command(args);
    if (command == "attach") return amb::apps::attach_command(args);
    if (command == "certs") return amb::apps::certs_command(args);
  } catch (const std::exception& e) {
    std::cerr << "amb " << command << ": " << e.what() << "\n";
    return 1;
  }
  std::cerr << "amb: unknown command '" << command << "'\n\n" << usage;
  return 2;
}
