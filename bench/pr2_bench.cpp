#include "bench/pr2_bench.hpp"

#include <caf/all.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "actors/trajectory_store.hpp"
#include "apps/config_document.hpp"
#include "apps/gnuplot.hpp"
#include "apps/learner_configs.hpp"
#include "apps/run_config.hpp"
#include "apps/run_graph.hpp"
#include "envs/pr2_tasks.hpp"
#include "hw/robot_server.hpp"
#include "messages/registration.hpp"

namespace amb::bench {

namespace fs = std::filesystem;

namespace {

constexpr double success_distance = 0.05;  // m, the and the paper's bar

struct episode_point {
  double robot_seconds;   // cumulative time the robot spent on episodes, resets included
  double final_distance;  // m, mean over the three points, last state of the episode
};

struct task_result {
  std::string task;
  std::vector<episode_point> episodes;
  hw::loop_timing idle;
  hw::loop_timing loaded;
  uint64_t refused = 0;
  std::string priority_warning;

  double last_distance() const { return episodes.empty() ? NAN : episodes.back().final_distance; }
  // Mean over the last five episodes: one lucky episode is not a learned controller.
  double recent_distance() const {
    const size_t n = std::min<size_t>(5, episodes.size());
    double sum = 0;
    for (size_t i = episodes.size() - n; i < episodes.size(); ++i)
      sum += episodes[i].final_distance;
    return n ? sum / n : NAN;
  }
  double first_success_seconds() const {
    for (const auto& e : episodes)
      if (e.final_distance < success_distance) return e.robot_seconds;
    return NAN;
  }
};

std::string number(double x, int precision = 1) {
  if (std::isnan(x)) return "never";
  char text[32];
  std::snprintf(text, sizeof(text), "%.*f", precision, x);
  return text;
}

// The simulated arm for `task` on a free loopback port.
hw::robot_server_config robot_for(const std::string& task) {
  hw::robot_server_config config;
  config.task = task;
  config.listen = "127.0.0.1:0";
  return config;
}

hw::loop_timing idle_timing(const std::string& task, double seconds) {
  hw::robot_server server(robot_for(task));
  server.start();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));  // the measurement itself
  server.stop();
  return server.stats().timing;
}

std::vector<episode_point> episodes_of(const fs::path& run_dir, const apps::run_config& config) {
  std::vector<episode_point> points;
  double robot_seconds = 0;
  apps::read_run_trajectories(
      run_dir.string(), apps::expectation_of(config), [&](messages::trajectory t) {
        robot_seconds += t.wall_time;
        const float* last = t.observations.floats() + size_t(t.length) * t.obs_dim;
        points.push_back({robot_seconds, envs::pr2_point_distance(last)});
      });
  return points;
}

task_result run_task(const std::string& task, const pr2_bench_options& options,
                     const fs::path& dir) {
  task_result result{task, {}, idle_timing(task, options.idle_seconds), {}, 0, {}};
  hw::robot_server robot(robot_for(task));
  robot.start();
  result.priority_warning = robot.priority_warning();

  const std::string config_path = "configs/pr2_" + task + "_async_" + options.algorithm + ".json";
  const auto config = apps::resolve_run_config(
      apps::read_json_file(config_path),
      {"env.robot=127.0.0.1:" + std::to_string(robot.port()), "budget.env_steps=0",
       "budget.wall_seconds=" + std::to_string(std::lround(options.minutes * 60))});
  fs::create_directories(dir);
  std::ofstream(dir / "params.json") << apps::to_json(config).dump(2) << "\n";
  std::cerr << "[bench] " << task << ": " << config_path << " against the simulated arm for "
            << options.minutes << " min -> " << dir.string() << std::endl;
  caf::actor_system_config cfg;
  messages::register_types(cfg);
  cfg.set("scheduler.max-threads", config.runtime.threads);
  {
    caf::actor_system system{cfg};
    apps::run_new_graph(system, config, dir.string(), [](const messages::run_stats&) {});
  }
  robot.stop();
  const auto stats = robot.stats();
  result.loaded = stats.timing;
  result.refused = stats.intake.malformed + stats.intake.out_of_order + stats.intake.too_late +
                   stats.intake.old_session + stats.intake.not_a_command;
  result.episodes = episodes_of(dir, config);
  return result;
}

std::string tables(const std::vector<task_result>& results) {
  std::ostringstream out;
  out << "| task | episodes | robot time s | first episode under 5 cm (robot s) | final distance "
         "cm | mean of last 5 cm |\n|---|---|---|---|---|---|\n";
  for (const auto& r : results)
    out << "| " << r.task << " | " << r.episodes.size() << " | "
        << number(r.episodes.empty() ? 0 : r.episodes.back().robot_seconds) << " | "
        << number(r.first_success_seconds()) << " | " << number(100 * r.last_distance(), 1) << " | "
        << number(100 * r.recent_distance(), 1) << " |\n";
  out << "\nLoop timing, idle (baseline, same run) and under the learning run:\n\n"
      << "| task | load | rate Hz | rate / 1000 Hz | overruns | wake-up p50 us | p99 us | "
         "p99.9 us | max us | p99 / idle p99 |\n|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& r : results)
    for (const auto* t : {&r.idle, &r.loaded})
      out << "| " << r.task << " | " << (t == &r.idle ? "idle" : "learning") << " | "
          << number(t->rate_hz) << " | " << number(t->rate_hz / 1000, 4) << " | " << t->overruns
          << " | " << number(t->latency_p50_us) << " | " << number(t->latency_p99_us) << " | "
          << number(t->latency_p999_us) << " | " << number(t->latency_max_us) << " | "
          << number(t->latency_p99_us / r.idle.latency_p99_us, 2) << " |\n";
  return out.str();
}

int plot(const std::vector<task_result>& results, const fs::path& out) {
  std::ostringstream script;
  const auto png = out / "pr2_distance.png";
  script << "set terminal pngcairo noenhanced size 900,500 font 'sans,10'\n"
         << "set output '" << png.string() << "'\n"
         << "set title 'simulated PR2 arm behind the link: final point distance per episode'\n"
         << "set xlabel 'robot time (s)'\nset ylabel 'final distance (cm)'\nset grid\n"
         << "set logscale y\nset xrange [0:*]\nset key top right\n";
  script << "plot 5 title '5 cm' dashtype 2 lc rgb 'gray'";
  for (const auto& r : results) script << ", '-' with linespoints title '" << r.task << "'";
  script << "\n";
  for (const auto& r : results) {
    for (const auto& e : r.episodes)
      script << e.robot_seconds << ' ' << 100 * e.final_distance << "\n";
    script << "e\n";
  }
  return apps::run_gnuplot(script.str(), png, "amb bench pr2");
}

}  // namespace

int run_pr2_bench(const pr2_bench_options& options) {
  const fs::path out = options.out_dir;
  std::vector<task_result> results;
  for (const auto& task : options.tasks) {
    results.push_back(run_task(task, options, out / task));
    if (!results.back().priority_warning.empty())
      std::cerr << "[bench] warning: " << results.back().priority_warning << "\n";
  }
  const auto text = tables(results);
  std::ofstream(out / "pr2_bench.md") << text;
  std::cout << text;
  if (plot(results, out) != 0) return 1;
  std::cout << "[amb] wrote " << (out / "pr2_distance.png").string() << "\n";
  return 0;
}

}  // namespace amb::bench
