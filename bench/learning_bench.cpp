#include "bench/learning_bench.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "apps/commands.hpp"
#include "apps/config_document.hpp"
#include "apps/run_config.hpp"
#include "apps/run_launch.hpp"

namespace amb::bench {

namespace fs = std::filesystem;

namespace {

constexpr uint64_t quick_env_steps = 4000;
// A single deterministic episode is a noisy score, so a run's final return is the mean of its
// last few evaluations (10 s apart by default).
constexpr size_t final_evaluations = 5;

struct evaluation_point {
  double time;
  double env_steps;
  double eval_return;
};

struct run_result {
  std::string mode;
  uint64_t seed;
  double wall_seconds;
  uint64_t env_steps;
  double pace_seconds;
  std::vector<evaluation_point> curve;
  double final_return() const {
    if (curve.empty()) return NAN;
    const size_t n = std::min(final_evaluations, curve.size());
    double sum = 0;
    for (size_t i = curve.size() - n; i < curve.size(); ++i) sum += curve[i].eval_return;
    return sum / n;
  }
};

// What the user can run by hand: the bench is `amb run` of these files with the seed set.
std::string config_path(const std::string& mode) {
  return "configs/half_cheetah_" + mode + "_me_trpo.json";
}

std::vector<std::string> overrides(uint64_t seed, bool quick) {
  std::vector<std::string> sets{"seed=" + std::to_string(seed)};
  if (quick) sets.push_back("budget.env_steps=" + std::to_string(quick_env_steps));
  return sets;
}

std::vector<evaluation_point> read_curve(const fs::path& csv) {
  std::vector<evaluation_point> curve;
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);  // time,eval_return,policy_version,env_steps,trajectories
  while (std::getline(in, line)) {
    std::stringstream cells(line);
    std::string time, ret, version, steps;
    std::getline(cells, time, ',');
    std::getline(cells, ret, ',');
    std::getline(cells, version, ',');
    std::getline(cells, steps, ',');
    curve.push_back({std::stod(time), std::stod(steps), std::stod(ret)});
  }
  return curve;
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

run_result run_one(const std::string& mode, uint64_t seed, bool quick, const fs::path& dir) {
  const auto sets = overrides(seed, quick);
  const auto config = apps::resolve_run_config(apps::read_json_file(config_path(mode)), sets);
  if (finished_run_in(dir, config)) {
    std::cerr << "[bench] " << mode << " seed " << seed << ": reusing the finished run in "
              << dir.string() << std::endl;
    return read_result(mode, seed, dir);
  }
  std::cerr << "[bench] " << mode << " ME-TRPO, seed " << seed << ", " << config.budget.env_steps
            << " env steps: amb run " << config_path(mode) << " --out " << dir.string()
            << std::endl;
  std::vector<std::string> args{config_path(mode), "--out", dir.string()};
  for (const auto& set : sets) args.insert(args.end(), {"--set", set});
  if (apps::launch_run(args, apps::run_launch{}) != 0)
    throw std::runtime_error(mode + " seed " + std::to_string(seed) + " failed; see " +
                             (dir / "events.jsonl").string());
  return read_result(mode, seed, dir);
}

// The first time the curve reaches `target`, or NAN if it never does.
double time_to_reach(const std::vector<evaluation_point>& curve, double target) {
  for (const auto& p : curve)
    if (p.eval_return >= target) return p.time;
  return NAN;
}

std::string number(double x, int precision = 1);

// Whether a run ended better than its first evaluation; matching its final return means
// nothing otherwise. Needs a non-empty curve.
bool improved(const run_result& run) {
  return run.final_return() > run.curve.front().eval_return;
}

// When the asynchronous run first matched the sequential run's final return. Meaningless when
// the sequential run ended no better than it started: then it says so.
std::string time_to_match(const run_result& async, const run_result& sequential) {
  if (sequential.curve.empty() || async.curve.empty()) return "no evaluation";
  if (!improved(sequential)) return "n/a: sequential did not improve";
  return number(time_to_reach(async.curve, sequential.final_return()));
}

// The target is a fraction of the sequential run's wall time, so the table states it.
std::string share_of_sequential_wall(const run_result& async, const run_result& sequential) {
  if (async.curve.empty() || sequential.curve.empty() || !improved(sequential)) return "-";
  return number(time_to_reach(async.curve, sequential.final_return()) / sequential.wall_seconds, 2);
}

std::string number(double x, int precision) {
  if (std::isnan(x)) return "not reached";
  char text[32];
  std::snprintf(text, sizeof(text), "%.*f", precision, x);
  return text;
}

}  // namespace

int run_learning_bench(const learning_bench_options& options) {
  auto seeds = options.seeds;
  if (seeds.empty())
    seeds = options.quick ? std::vector<uint64_t>{1} : std::vector<uint64_t>{1, 2, 3};
  const fs::path out = options.out_dir;
  std::vector<run_result> results;
  std::vector<std::string> plot_args;
  try {
    for (uint64_t seed : seeds)
      for (const std::string mode : {"async", "sequential"}) {
        const auto dir = out / (mode + "-seed" + std::to_string(seed));
        results.push_back(run_one(mode, seed, options.quick, dir));
        plot_args.push_back(dir.string());
      }
  } catch (const std::exception& e) {
    std::cerr << "amb bench learning: " << e.what() << "\n";
    return 2;
  }

  std::ostringstream table;
  table << "| seed | mode | env steps | wall s | pure collection s | wall / collection | "
           "final eval return (mean of last 5) | async time to sequential's final return (s) | "
           "that time / sequential wall |\n"
        << "|---|---|---|---|---|---|---|---|---|\n";
  for (size_t i = 0; i < results.size(); i += 2) {
    const auto& async = results[i];
    const auto& sequential = results[i + 1];
    for (const auto* r : {&async, &sequential}) {
      const double collection = r->env_steps * r->pace_seconds;
      table << "| " << r->seed << " | " << r->mode << " | " << r->env_steps << " | "
            << number(r->wall_seconds) << " | " << number(collection) << " | "
            << number(r->wall_seconds / collection, 2) << " | " << number(r->final_return())
            << " | " << (r == &async ? time_to_match(async, sequential) : "-") << " | "
            << (r == &async ? share_of_sequential_wall(async, sequential) : "-") << " |\n";
    }
  }
  std::ofstream(out / "learning_bench.md") << table.str();
  std::cout << table.str();
  plot_args.push_back("--out");
  plot_args.push_back((out / "learning_curves.png").string());
  return apps::plot_command(plot_args);
}

}  // namespace amb::bench
