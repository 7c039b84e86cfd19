// `amb bench`: the benchmark programs, printed as tables or JSON.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/commands.hpp"
#include "bench/cluster_bench.hpp"
#include "bench/learners_bench.hpp"
#include "bench/learning_bench.hpp"
#include "bench/pr2_bench.hpp"
#include "bench/runtime_bench.hpp"
#include "learners/registry.hpp"

namespace amb::apps {

namespace {

constexpr const char* runtime_details =
    R"(Measures the runtime against raw baselines taken in the same run and prints each figure
with its ratio and the target it is held to:
  - collector time per step (half_cheetah, whole single-node graph) against raw mj_step
    plus a policy forward on the same model, both in steady state (after 5000 steps, over
    60000), plain and writing its message log, each the fastest of three runs;
  - the default job's learner updates per second, with and without its message log;
  - local parameter push+pull of a 100k-float θ against a memcpy of the same 400 KB;
  - remote push+pull throughput between two processes on loopback against a raw
    Boost.Asio TCP echo of the same bytes.
Takes about a minute and a half.)";

constexpr const char* learners_details =
    R"(The learners' computations on HalfCheetah (configs/half_cheetah_async_me_trpo.json and
configs/half_cheetah_async_me_ppo.json: an ensemble of 5 x [512 512 512], 50 imagined paths of
200 steps) on random-action data, against the faster of two raw GEMMs of the ensemble's own
layers measured in the same run (LibTorch's OpenBLAS bmm and oneDNN's sgemm, each on one thread
or on all, whichever is faster), for each thread count:
  - the two libraries against each other, at a batch's 256 rows a member and at imagination's;
  - one ensemble epoch (10000 transitions, batch 256), in GFLOP/s of the arithmetic it does;
  - imagination: the model's useful arithmetic (one member a row) and imagined steps per second;
  - one ME-TRPO and one ME-PPO policy step, split into imagination, advantages and the update
    (TRPO: the direction by conjugate gradient, then the line search);
  - the speed-up of each thread count over the first;
  - with --mb-mpo, MB-MPO's own ensemble epoch (5 x [500 500 500]) and one meta-step (20 tasks
    of 20 paths), split into imagination, adaptation, the outer direction and the line search,
    and their speed-up: what sets its sequential twin's runtime.torch_threads; and the
    meta-step with the outer step's Fisher products on every sample against 1 in 5
    (policy_learner.fisher_stride).
Each figure is the median of --repeats timings. Run from the repository root; takes about a
minute, and with --mb-mpo about 20 s a meta-step more (3 minutes in all with --threads 1
--repeats 3).)";

constexpr const char* learning_details =
    R"(Asynchronous and sequential runs of one algorithm (ME-TRPO unless --algorithm) on
HalfCheetah, each run being `amb run configs/half_cheetah_<async|sequential>_<algorithm>.json
--set seed=N` (200-step episodes, collection paced at 0.05 s a step, 50000 env steps: about
42 min async and, for ME-TRPO, some 4 h sequential a seed), for seeds 1, 2 and 3 or those
given with --seed. Run from the repository root. Writes each run folder, learning_bench.md and learning_curves.png into DIR
and prints two tables: per run, wall time against pure collection time and the final
evaluation return (mean of the last 5); per seed, when the asynchronous run first reached the
sequential run's final return (also as a share of the sequential wall time) and when each run
first reached the lower of the two final returns. A run folder in DIR that already holds the
same run, finished at its budget, is reused, so the bench can be done in parts (a seed at a
time) or taken up again after a crash (after `amb run --resume` of the broken run).)";

constexpr const char* pr2_details =
    R"(Per task, the simulated PR2 arm in its real-time loop is timed idle for 10 s (the
baseline), then configs/pr2_<task>_async_<algorithm>.json (ME-TRPO unless --algorithm) learns
against it over the UDP link for M minutes of robot time. Run from the repository root. Writes the run folders, pr2_bench.md
and pr2_distance.png into DIR and prints the final point distance per task and the loop's
rate, wake-up latency percentiles and overruns, idle and under the learning load.)";

constexpr const char* cluster_details =
    R"(The same recorded run twice: model-free TRPO on the reacher, N collectors, unpaced or at
least P seconds a step, for S wall seconds. First with the collectors in the run's own
process (the baseline), then with `amb node --local policy` and the N collectors attached by
`amb attach` from a second process over loopback. From each run's message log, on the node's
clock: env steps stored per second, and the time from the policy server storing a θ until
all N collectors act with it (median and p90). Writes both run folders and the processes'
output into DIR.)";

void print_table(const std::vector<bench::bench_row>& rows) {
  std::printf("%-58s %12s  %-46s %12s  %8s  %-8s %s\n", "figure", "value", "baseline", "baseline",
              "ratio", "target", "");
  for (const auto& r : rows)
    std::printf("%-58s %9.2f %-3s %-46s %9.2f %-3s %8.2f  %-8s %s\n", r.name.c_str(), r.value,
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

void print_rows(const std::vector<bench::bench_row>& rows, bool as_json) {
  as_json ? print_json(rows) : print_table(rows);
}

// The run folders' parent of a benchmark that writes some: DIR, or runs/bench-NAME-<stamp>.
std::string out_dir_or_default(const std::string& given, const std::string& name) {
  return given.empty() ? "runs/bench-" + name + "-" + run_folder_stamp() : given;
}

}  // namespace

void add_bench_command(command_table& table) {
  auto* bench = add_command(table.amb, "bench", "");
  bench->require_subcommand(1);

  auto* runtime = add_command(*bench, "runtime",
                              "the runtime against raw baselines (physics, memcpy, loopback TCP)",
                              runtime_details);
  auto runtime_json = std::make_shared<bool>(false);
  runtime->add_flag("--json", *runtime_json, "print the rows as JSON");
  table.add(runtime, [runtime_json] {
    print_rows(bench::run_runtime_bench(), *runtime_json);
    return 0;
  });
  // The second process of the remote figure, which runtime starts itself.
  auto* peer = add_command(*bench, "runtime-peer", "");
  peer->group("");
  table.add(peer, [] { return bench::runtime_bench_peer(); });

  auto* learners =
      add_command(*bench, "learners",
                  "the learners' computations against raw GEMMs of their layers", learners_details);
  auto learners_options = std::make_shared<bench::learners_bench_options>();
  auto learners_threads = std::make_shared<std::vector<int>>();
  auto learners_json = std::make_shared<bool>(false);
  learners
      ->add_option("--threads", *learners_threads,
                   "compute threads of a pass; repeatable (default 1 and 2)")
      ->type_name("N")
      ->allow_extra_args(false)
      ->check(within(1, 256, /*whole=*/true));
  learners->add_option("--repeats", learners_options->repeats, "timings of each figure (default 5)")
      ->type_name("R")
      ->check(within(1, 1000, /*whole=*/true));
  learners->add_flag("--json", *learners_json, "print the rows as JSON");
  auto learners_mb_mpo = std::make_shared<bool>(false);
  learners->add_flag(
      "--mb-mpo", *learners_mb_mpo,
      "also time MB-MPO's epoch and meta-step (configs/half_cheetah_async_mb_mpo.json)");
  table.add(learners, [learners_options, learners_threads, learners_json, learners_mb_mpo] {
    if (!learners_threads->empty()) learners_options->threads = *learners_threads;
    if (*learners_mb_mpo)
      learners_options->mb_mpo_config = "configs/half_cheetah_async_mb_mpo.json";
    print_rows(bench::run_learners_bench(*learners_options), *learners_json);
    return 0;
  });

  auto* learning = add_command(*bench, "learning",
                               "asynchronous against sequential learning on HalfCheetah, per seed",
                               learning_details);
  auto learning_options = std::make_shared<bench::learning_bench_options>();
  learning->add_flag("--quick", learning_options->quick, "4000 steps of seed 1 (about 7 minutes)");
  learning->add_option("--seed", learning_options->seeds, "a seed to run; repeatable")
      ->type_name("N")
      ->allow_extra_args(false)
      ->check(within(1, 1e15, /*whole=*/true));
  learning
      ->add_option(
          "--algorithm", learning_options->algorithm,
          "an algorithm of the registry that has configs/half_cheetah_<async|sequential>_<A>.json "
          "(default me_trpo)")
      ->type_name("A")
      ->check(CLI::IsMember(learners::algorithm_names()));
  learning
      ->add_option("--out", learning_options->out_dir,
                   "where the runs go (default runs/bench-learning-<date>-<time>)")
      ->type_name("DIR");
  table.add(learning, [learning_options] {
    learning_options->out_dir = out_dir_or_default(learning_options->out_dir, "learning");
    return bench::run_learning_bench(*learning_options);
  });

  auto* pr2 = add_command(*bench, "pr2",
                          "the simulated PR2's real-time loop, idle and while a run learns on it",
                          pr2_details);
  auto pr2_options = std::make_shared<bench::pr2_bench_options>();
  auto tasks = std::make_shared<std::vector<std::string>>();
  pr2->add_option("--task", *tasks, "reach, insert or stack (default: all three); repeatable")
      ->type_name("T")
      ->allow_extra_args(false)
      ->check(CLI::IsMember({"reach", "insert", "stack"}));
  pr2->add_option("--minutes", pr2_options->minutes, "robot time per task (default 10)")
      ->type_name("M")
      ->check(above(0, 1e6));
  pr2->add_option("--algorithm", pr2_options->algorithm,
                  "an algorithm with PR2 configs (me_trpo, the default; mb_mpo)")
      ->type_name("A")
      ->check(CLI::IsMember(learners::algorithm_names()));
  pr2->add_option("--out", pr2_options->out_dir,
                  "where the runs go (default runs/bench-pr2-<date>-<time>)")
      ->type_name("DIR");
  table.add(pr2, [pr2_options, tasks] {
    if (!tasks->empty()) pr2_options->tasks = *tasks;
    pr2_options->out_dir = out_dir_or_default(pr2_options->out_dir, "pr2");
    return bench::run_pr2_bench(*pr2_options);
  });

  auto* cluster = add_command(*bench, "cluster",
                              "collectors attached from a second process against the same "
                              "collectors in the run's process",
                              cluster_details);
  auto cluster_options = std::make_shared<bench::cluster_bench_options>();
  auto cluster_json = std::make_shared<bool>(false);
  cluster->add_option("--collectors", cluster_options->collectors, "N collectors (default 4)")
      ->type_name("N")
      ->check(within(1, 256, /*whole=*/true));
  cluster
      ->add_option("--seconds", cluster_options->seconds, "wall seconds of each run (default 20)")
      ->type_name("S")
      ->check(above(0, 1e6));
  cluster
      ->add_option("--pace", cluster_options->pace_seconds,
                   "at least P seconds a step (default 0: unpaced)")
      ->type_name("P")
      ->check(within(0, 3600));
  cluster
      ->add_option("--out", cluster_options->out_dir,
                   "where the runs go (default runs/bench-cluster-<date>-<time>)")
      ->type_name("DIR");
  cluster->add_flag("--json", *cluster_json, "print the rows as JSON");
  table.add(cluster, [cluster_options, cluster_json] {
    cluster_options->out_dir = out_dir_or_default(cluster_options->out_dir, "cluster");
    print_rows(bench::run_cluster_bench(*cluster_options), *cluster_json);
    return 0;
  });

  // amb --help lists every benchmark on the line of bench.
  std::string names;
  for (const auto* each : bench->get_subcommands({}))
    if (!each->get_group().empty()) names += (names.empty() ? "" : ", ") + each->get_name();
  bench->description("Measure against baselines taken in the same run: " + names);
}

}  // namespace amb::apps
