#include "bench/learning_bench.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/commands.hpp"
#include "apps/config_document.hpp"
#include "apps/run_config.hpp"
#include "apps/run_launch.hpp"
#include "bench/learning_result.hpp"
#include "bench/learning_table.hpp"

namespace amb::bench {

namespace fs = std::filesystem;

namespace {

constexpr uint64_t quick_env_steps = 4000;

// What the user can run by hand: the bench is `amb run` of these files with the seed set.
std::string config_path(const std::string& mode, const std::string& algorithm) {
  return "configs/half_cheetah_" + mode + "_" + algorithm + ".json";
}

std::vector<std::string> overrides(uint64_t seed, bool quick) {
  std::vector<std::string> sets{"seed=" + std::to_string(seed)};
  if (quick) sets.push_back("budget.env_steps=" + std::to_string(quick_env_steps));
  return sets;
}

run_result read_result(const std::string& mode, uint64_t seed, const fs::path& dir) {
  const auto summary = apps::read_json_file((dir / "summary.json").string());
  const auto params = apps::read_json_file((dir / "params.json").string());
  return {mode,
          seed,
          summary.at("wall_seconds").get<double>(),
          summary.at("env_steps").get<uint64_t>(),
          params.at("env").at("pace_seconds").get<double>(),
          read_curve(dir / "progress_evaluator.csv")};
}

// A run takes up to hours, so one that finished at its budget with the same configuration (an
// earlier bench in the same --out, or `amb run` of the same file and seed) is reused: the bench
// can be completed in parts, or after a crash once the broken run is resumed with `amb run
// --resume`. Anything else in the folder is left alone and named.
bool finished_run_in(const fs::path& dir, const apps::run_config& config) {
  const auto params = dir / "params.json";
  if (!fs::exists(params)) return false;
  if (apps::read_json_file(params.string()) != apps::to_json(config))
    throw std::runtime_error(params.string() + " is not the configuration this run needs; " +
                             "move " + dir.string() + " away or choose another --out");
  const auto summary = dir / "summary.json";
  const std::string stop_reason =
      fs::exists(summary) ? apps::read_json_file(summary.string()).value("stop_reason", "") : "";
  if (stop_reason != "budget")
    throw std::runtime_error(dir.string() + " holds a run that did not reach its budget (" +
                             (stop_reason.empty() ? "no summary.json" : stop_reason) +
                             "); finish it with `amb run --resume " + dir.string() +
                             "` or move it away, then run the bench again");
  return true;
}

run_result run_one(const std::string& mode, uint64_t seed, const learning_bench_options& options,
                   const fs::path& dir) {
  const auto sets = overrides(seed, options.quick);
  const auto path = config_path(mode, options.algorithm);
  const auto config = apps::resolve_run_config(apps::read_json_file(path), sets);
  if (finished_run_in(dir, config)) {
    std::cerr << "[bench] " << mode << " seed " << seed << ": reusing the finished run in "
              << dir.string() << std::endl;
    return read_result(mode, seed, dir);
  }
  std::cerr << "[bench] " << mode << " " << options.algorithm << ", seed " << seed << ", "
            << config.budget.env_steps << " env steps: amb run " << path << " --out "
            << dir.string() << std::endl;
  apps::run_arguments args;
  args.config_path = path;
  args.out_dir = dir.string();
  args.sets = sets;
  if (apps::launch_run(args, apps::run_launch{}) != 0)
    throw std::runtime_error(mode + " seed " + std::to_string(seed) + " failed; see " +
                             (dir / "events.jsonl").string());
  return read_result(mode, seed, dir);
}

}  // namespace

int run_learning_bench(const learning_bench_options& options) {
  auto seeds = options.seeds;
  if (seeds.empty())
    seeds = options.quick ? std::vector<uint64_t>{1} : std::vector<uint64_t>{1, 2, 3};
  const fs::path out = options.out_dir;
  std::vector<run_result> results;
  std::vector<fs::path> runs;
  try {
    for (uint64_t seed : seeds)
      for (const std::string mode : {"async", "sequential"}) {
        const auto dir = out / (mode + "-seed" + std::to_string(seed));
        results.push_back(run_one(mode, seed, options, dir));
        runs.push_back(dir);
      }
  } catch (const std::exception& e) {
    std::cerr << "amb bench learning: " << e.what() << "\n";
    return 2;
  }

  const auto table = learning_tables(results);
  std::ofstream(out / "learning_bench.md") << table;
  std::cout << table;
  return apps::plot_runs(runs, out / "learning_curves.png");
}

}  // namespace amb::bench
