#include "bench/cluster_bench.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "bench/collection_timeline.hpp"
#include "bench/logged_process.hpp"

namespace amb::bench {

namespace fs = std::filesystem;

namespace {

struct run_figures {
  double steps_per_second;
  std::vector<double> reach_seconds;  // sorted
  size_t thetas;
  double mean_episode_seconds;  // a θ waits for the episodes under way: the floor of its reach
};

// Both runs use exactly these settings, so that the attach's config hash matches the node's.
std::vector<std::string> run_settings(const cluster_bench_options& options) {
  // Model-free TRPO on the reacher, not the default job's HalfCheetah: the cheapest learning
  // run, so that what is timed is the runtime.
  const std::vector<std::string> keys = {"seed=1",
                                         "env.name=reacher",
                                         "algorithm=trpo",
                                         "env.pace_seconds=" + std::to_string(options.pace_seconds),
                                         "collectors.count=" + std::to_string(options.collectors),
                                         "evaluation.interval_seconds=0",
                                         "budget.env_steps=0",
                                         "budget.wall_seconds=" + std::to_string(options.seconds),
                                         "record.enabled=true"};
  std::vector<std::string> args;
  for (const auto& key : keys) {
    args.push_back("--set");
    args.push_back(key);
  }
  return args;
}

std::vector<std::string> joined(std::vector<std::string> head,
                                const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

run_figures figures_of(const fs::path& run_dir) {
  const auto timeline = read_collection_timeline((run_dir / "messages.amblog").string());
  auto reach = theta_reach_seconds(timeline);
  if (reach.empty())
    throw std::runtime_error(run_dir.string() + ": no θ reached every collector; run longer");
  std::sort(reach.begin(), reach.end());
  double episode_seconds = 0;
  for (const auto& e : timeline.episodes) episode_seconds += e.stored - e.start;
  return {collection_rate(timeline), reach, timeline.thetas.size(),
          episode_seconds / static_cast<double>(timeline.episodes.size())};
}

// Waits for the run's budget plus two minutes for start-up and shutdown.
void expect_success(logged_process& process, const std::string& what,
                    const cluster_bench_options& options) {
  const auto limit = std::chrono::seconds(120 + static_cast<long>(options.seconds));
  if (process.wait_exit(limit) != 0)
    throw std::runtime_error(what + " failed:\n" + process.output());
}

run_figures local_run(const std::string& amb, const cluster_bench_options& options,
                      const fs::path& out) {
  const auto dir = out / "local";
  std::cerr << "[bench] " << options.collectors << " collectors in the run's process, "
            << options.seconds << " s -> " << dir.string() << std::endl;
  logged_process run(amb, joined({"run", "--out", dir.string()}, run_settings(options)),
                     out / "local.out");
  expect_success(run, "amb run", options);
  return figures_of(dir);
}

run_figures attached_run(const std::string& amb, const cluster_bench_options& options,
                         const fs::path& out) {
  const auto dir = out / "attached";
  std::cerr << "[bench] " << options.collectors << " collectors attached from a second process, "
            << options.seconds << " s -> " << dir.string() << std::endl;
  logged_process node(
      amb,
      joined({"node", "--listen", "127.0.0.1:0", "--local", "policy", "--out", dir.string()},
             run_settings(options)),
      out / "node.out");
  const auto port = node.wait_for(R"(listening on [^ ]*:(\d+))");
  logged_process attached(amb,
                          joined({"attach", "--connect", "127.0.0.1:" + port, "--role", "collector",
                                  "--count", std::to_string(options.collectors)},
                                 run_settings(options)),
                          out / "attach.out");
  expect_success(node, "amb node", options);
  expect_success(attached, "amb attach", options);
  return figures_of(dir);
}

double quantile(const std::vector<double>& sorted, double q) {
  return sorted[static_cast<size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5)];
}

bench_row remote_over_local(std::string name, double remote, double local, std::string unit,
                            const std::string& what) {
  return ratio_row(std::move(name), remote, "the same, collectors in the run's process", local,
                   std::move(unit), "attached / in-process " + what, "", true, 0);
}

}  // namespace

std::vector<bench_row> run_cluster_bench(const cluster_bench_options& options) {
  const fs::path out = options.out_dir;
  fs::create_directories(out);
  const auto amb = fs::read_symlink("/proc/self/exe").string();
  const auto local = local_run(amb, options, out);
  const auto attached = attached_run(amb, options, out);
  const auto n = std::to_string(options.collectors);
  std::cerr << "[bench] θ versions stored: " << local.thetas << " in-process, " << attached.thetas
            << " attached; reached every collector: " << local.reach_seconds.size() << ", "
            << attached.reach_seconds.size() << "; mean episode "
            << 1e3 * local.mean_episode_seconds << " ms in-process, "
            << 1e3 * attached.mean_episode_seconds << " ms attached" << std::endl;
  return {
      remote_over_local("env steps/s, " + n + " collectors attached from a 2nd process",
                        attached.steps_per_second, local.steps_per_second, "/s", "throughput"),
      remote_over_local("θ stored -> all " + n + " attached collectors, median",
                        1e3 * quantile(attached.reach_seconds, 0.5),
                        1e3 * quantile(local.reach_seconds, 0.5), "ms", "time"),
      remote_over_local("θ stored -> all " + n + " attached collectors, p90",
                        1e3 * quantile(attached.reach_seconds, 0.9),
                        1e3 * quantile(local.reach_seconds, 0.9), "ms", "time"),
  };
}

}  // namespace amb::bench
