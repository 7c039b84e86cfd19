#include "bench/learning_bench.hpp"

#include <algorithm>
#include <caf/all.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "apps/commands.hpp"
#include "apps/run_config.hpp"
#include "apps/run_graph.hpp"
#include "messages/registration.hpp"

namespace amb::bench {

namespace fs = std::filesystem;

namespace {

constexpr double pace_seconds = 0.05;  // HalfCheetah's control period in the paper

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
  std::vector<evaluation_point> curve;
  double final_return() const { return curve.empty() ? NAN : curve.back().eval_return; }
};

apps::run_config bench_config(const std::string& mode, uint64_t seed, uint64_t steps) {
  nlohmann::json user = {
      {"seed", seed},
      {"env", {{"name", "half_cheetah"}, {"pace_seconds", pace_seconds}}},
      {"algorithm", "me_trpo"},
      {"mode", mode},
      {"budget", {{"env_steps", steps}, {"wall_seconds", 0.0}}},
      {"model", {{"hidden", {512, 512, 512}}}},
      {"policy_learner", {{"imagined_horizon", 200}, {"max_kl", mode == "async" ? 0.001 : 0.01}}},
      {"sequential", {{"episodes", 5}, {"max_epochs", 200}, {"policy_steps", 20}}},
      {"evaluation", {{"interval_seconds", 10.0}, {"episodes", 1}}}};
  return apps::resolve_run_config(user, {});
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

run_result run_one(const std::string& mode, uint64_t seed, uint64_t steps, const fs::path& dir) {
  fs::create_directories(dir);
  const auto config = bench_config(mode, seed, steps);
  std::ofstream(dir / "params.json") << apps::to_json(config).dump(2) << "\n";
  std::cerr << "[bench] " << mode << " ME-TRPO, seed " << seed << ", " << steps << " env steps -> "
            << dir.string() << std::endl;
  caf::actor_system_config cfg;
  messages::register_types(cfg);
  cfg.set("scheduler.max-threads", config.runtime.threads);
  messages::run_stats stats;
  {
    caf::actor_system system{cfg};
    stats = apps::run_new_graph(system, config, dir.string(), [](const messages::run_stats&) {});
  }
  return {mode, seed, stats.elapsed, stats.buffer.env_steps,
          read_curve(dir / "progress_evaluator.csv")};
}

// The first time the curve reaches `target`, or NAN if it never does.
double time_to_reach(const std::vector<evaluation_point>& curve, double target) {
  for (const auto& p : curve)
    if (p.eval_return >= target) return p.time;
  return NAN;
}

std::string number(double x, int precision = 1);

// When the asynchronous run first matched the sequential run's final return. Meaningless when
// the sequential run ended no better than it started: then it says so.
std::string time_to_match(const run_result& async, const run_result& sequential) {
  if (sequential.curve.empty() || async.curve.empty()) return "no evaluation";
  if (sequential.final_return() <= sequential.curve.front().eval_return)
    return "n/a: sequential did not improve";
  return number(time_to_reach(async.curve, sequential.final_return()));
}

std::string number(double x, int precision) {
  if (std::isnan(x)) return "not reached";
  char text[32];
  std::snprintf(text, sizeof(text), "%.*f", precision, x);
  return text;
}

}  // namespace

int run_learning_bench(const learning_bench_options& options) {
  const std::vector<uint64_t> seeds =
      options.quick ? std::vector<uint64_t>{1} : std::vector<uint64_t>{1, 2, 3};
  const uint64_t steps = options.quick ? 4000 : 50000;
  const fs::path out = options.out_dir;
  std::vector<run_result> results;
  std::vector<std::string> plot_args;
  for (uint64_t seed : seeds)
    for (const std::string mode : {"async", "sequential"}) {
      const auto dir = out / (mode + "-seed" + std::to_string(seed));
      results.push_back(run_one(mode, seed, steps, dir));
      plot_args.push_back(dir.string());
    }

  std::ostringstream table;
  table << "| seed | mode | env steps | wall s | pure collection s | wall / collection | "
           "final eval return | async time to sequential's final return (s) |\n"
        << "|---|---|---|---|---|---|---|---|\n";
  for (size_t i = 0; i < results.size(); i += 2) {
    const auto& async = results[i];
    const auto& sequential = results[i + 1];
    for (const auto* r : {&async, &sequential}) {
      const double collection = r->env_steps * pace_seconds;
      table << "| " << r->seed << " | " << r->mode << " | " << r->env_steps << " | "
            << number(r->wall_seconds) << " | " << number(collection) << " | "
            << number(r->wall_seconds / collection, 2) << " | " << number(r->final_return())
            << " | " << (r == &async ? time_to_match(async, sequential) : "-") << " |\n";
    }
  }
  std::ofstream(out / "learning_bench.md") << table.str();
  std::cout << table.str();
  plot_args.push_back("--out");
  plot_args.push_back((out / "learning_curves.png").string());
  return apps::plot_command(plot_args);
}

}  // namespace amb::bench
