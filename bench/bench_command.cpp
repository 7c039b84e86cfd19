// `amb bench`: the benchmark programs, printed as tables or JSON.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/commands.hpp"
#include "bench/cluster_bench.hpp"
#include "bench/learning_bench.hpp"
#include "bench/pr2_bench.hpp"
#include "bench/runtime_bench.hpp"

namespace amb::apps {

namespace {

constexpr const char* bench_usage = R"(usage: amb bench runtime [--json]
       amb bench learning [--quick] [--seed N ...] [--out DIR]
       amb bench pr2 [--task reach|insert|stack] [--minutes M] [--out DIR]
       amb bench cluster [--collectors N] [--seconds S] [--pace P] [--out DIR] [--json]

Measures the runtime against raw baselines taken in the same run and prints each figure
with its ratio and the target it is held to:
  - collector time per step (half_cheetah, whole single-node graph) against raw mj_step
    plus a policy forward on the same model;
  - local parameter push+pull of a 100k-float θ against a memcpy of the same 400 KB;
  - remote push+pull throughput between two processes on loopback against a raw
    Boost.Asio TCP echo of the same bytes.
Takes a few seconds. --json prints the rows as JSON on stdout.

learning: asynchronous and sequential ME-TRPO on HalfCheetah, each run being
`amb run configs/half_cheetah_<async|sequential>_me_trpo.json --set seed=N` (200-step
episodes, collection paced at 0.05 s a step, 50000 env steps: about 42 min async and some
4 h sequential a seed), for seeds 1, 2 and 3 or those given with --seed (repeatable);
--quick runs 4000 steps of seed 1 (about 7 minutes). Run from the repository root. Writes each run folder,
learning_bench.md and learning_curves.png into DIR (default runs/bench-learning-<date>-<time>)
and prints two tables: per run, wall time against pure collection time and the final
evaluation return (mean of the last 5); per seed, when the asynchronous run first reached the
sequential run's final return (also as a share of the sequential wall time) and when each run
first reached the lower of the two final returns. A run folder in DIR
that already holds the same run, finished at its budget, is reused, so the bench can be done
in parts (a seed at a time) or taken up again after a crash (after `amb run --resume` of the
broken run).

pr2: per task (all three unless --task), the simulated PR2 arm in its real-time loop is
timed idle for 10 s (the baseline), then configs/pr2_<task>_async_me_trpo.json learns
against it over the UDP link for M minutes of robot time (default 10). Run from the
repository root. Writes the run folders, pr2_bench.md and pr2_distance.png into DIR
(default runs/bench-pr2-<date>-<time>) and prints the final point distance per task and
the loop's rate, wake-up latency percentiles and overruns, idle and under the learning load.

cluster: the same recorded run twice: model-free TRPO on the reacher, N collectors (default
4), unpaced or at least P seconds a step, for S wall seconds (default 20). First with the
collectors in the run's own process (the baseline), then with `amb node --local policy` and
the N collectors attached by `amb attach` from a second process over loopback. From each run's message log, on the node's
clock: env steps stored per second, and the time from the policy server storing a θ until all
N collectors act with it (median and p90). Writes both run folders and the processes' output
into DIR (default runs/bench-cluster-<date>-<time>). --json prints the rows as JSON on stdout.
)";

void print_table(const std::vector<bench::bench_row>& rows) {
  std::printf("%-54s %12s  %-42s %12s  %8s  %-8s %s\n", "figure", "value", "baseline", "baseline",
              "ratio", "target", "");
  for (const auto& r : rows)
    std::printf("%-54s %9.1f %-3s %-42s %9.1f %-3s %8.2f  %-8s %s\n", r.name.c_str(), r.value,
                r.unit.c_str(), r.baseline_name.c_str(), r.baseline, r.unit.c_str(), r.ratio,
                r.target.empty() ? "-" : r.target.c_str(),
                r.target.empty() ? "" : (r.meets_target ? "met" : "MISSED"));
}

void print_json(const std::vector<bench::bench_row>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows)
    out.push_back({{"figure", r.name},
                   {"value", r.value},
                   {"unit", r.unit},
                   {"baseline", r.baseline_name},
                   {"baseline_value", r.baseline},
                   {"ratio", r.ratio},
                   {"ratio_meaning", r.ratio_meaning},
                   {"target", r.target},
                   {"meets_target", r.meets_target}});
  std::cout << out.dump(2) << "\n";
}

// Reads the positive number given to `option`; false, having said why, for anything else.
bool read_positive(const std::string& option, const std::string& text, double& value) {
  value = std::atof(text.c_str());
  if (value > 0) return true;
  std::cerr << "amb bench: " << option << " must be a positive number, not '" << text << "'\n";
  return false;
}

}  // namespace

int bench_command(const std::vector<std::string>& args) {
  if (args.size() == 1 && args[0] == "runtime-peer") return bench::runtime_bench_peer();
  bool as_json = false;
  bench::learning_bench_options learning;
  bench::pr2_bench_options pr2;
  bench::cluster_bench_options cluster;
  bool task_given = false;
  std::string which;
  for (size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << bench_usage;
      return 0;
    }
    if (arg == "--json") {
      as_json = true;
    } else if (arg == "--quick") {
      learning.quick = true;
    } else if (arg == "--out" && i + 1 < args.size()) {
      learning.out_dir = pr2.out_dir = cluster.out_dir = args[++i];
    } else if (arg == "--seed" && i + 1 < args.size()) {
      double seed = 0;
      if (!read_positive(arg, args[++i], seed)) return 2;
      learning.seeds.push_back(static_cast<uint64_t>(seed));
    } else if (arg == "--task" && i + 1 < args.size()) {
      if (!task_given) pr2.tasks.clear();
      task_given = true;
      pr2.tasks.push_back(args[++i]);
    } else if (arg == "--minutes" && i + 1 < args.size()) {
      if (!read_positive(arg, args[++i], pr2.minutes)) return 2;
    } else if (arg == "--collectors" && i + 1 < args.size()) {
      double count = 0;
      if (!read_positive(arg, args[++i], count)) return 2;
      cluster.collectors = static_cast<int>(count);
    } else if (arg == "--pace" && i + 1 < args.size()) {
      if (!read_positive(arg, args[++i], cluster.pace_seconds)) return 2;
    } else if (arg == "--seconds" && i + 1 < args.size()) {
      if (!read_positive(arg, args[++i], cluster.seconds)) return 2;
    } else if (which.empty() && arg.rfind("--", 0) != 0) {
      which = arg;
    } else {
      std::cerr << "amb bench: unknown argument '" << arg << "'\n\n" << bench_usage;
      return 2;
    }
  }
  if (which == "learning") {
    if (learning.out_dir.empty())
      learning.out_dir = "runs/bench-learning-" + apps::run_folder_stamp();
    return bench::run_learning_bench(learning);
  }
  if (which == "pr2") {
    if (pr2.out_dir.empty()) pr2.out_dir = "runs/bench-pr2-" + apps::run_folder_stamp();
    return bench::run_pr2_bench(pr2);
  }
  if (which == "cluster") {
    if (cluster.out_dir.empty()) cluster.out_dir = "runs/bench-cluster-" + apps::run_folder_stamp();
    const auto rows = bench::run_cluster_bench(cluster);
    as_json ? print_json(rows) : print_table(rows);
    return 0;
  }
  if (which != "runtime") {
    std::cerr << "amb bench: "
              << (which.empty() ? "which benchmark?" : "unknown benchmark '" + which + "'")
              << "\n\n"
              << bench_usage;
    return 2;
  }
  const auto rows = bench::run_runtime_bench();
  as_json ? print_json(rows) : print_table(rows);
  return 0;
}

}  // namespace amb::apps
