#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "apps/config_document.hpp"
#include "apps/run_config.hpp"
#include "tests/amb_command.hpp"

// The learning bench takes hours per seed, so what is tested here is what it does around the
// runs: finished runs in its folder are reused (that is how it is completed in parts) and the
// table is computed from their summaries and curves; anything else in a run's folder is refused
// and left as it is.

using namespace amb::tests;
namespace fs = std::filesystem;

namespace {

const fs::path source_dir = AMB_SOURCE_DIR;

// A run folder as `amb bench learning --quick` leaves it for MODE and seed 1, with a made-up
// wall time and curve.
void write_finished_run(const fs::path& dir, const std::string& mode, double wall_seconds,
                        const std::vector<std::pair<double, double>>& time_and_return) {
  fs::create_directories(dir);
  const auto config = amb::apps::resolve_run_config(
      amb::apps::read_json_file(
          (source_dir / ("configs/half_cheetah_" + mode + "_me_trpo.json")).string()),
      {"seed=1", "budget.env_steps=4000"});
  std::ofstream(dir / "params.json") << amb::apps::to_json(config).dump(2);
  std::ofstream(dir / "summary.json") << nlohmann::json{
      {"env_steps", 4000},
      {"wall_seconds", wall_seconds},
      {"stop_reason", "budget"}}.dump();
  std::ofstream curve(dir / "progress_evaluator.csv");
  curve << "time,eval_return,policy_version,env_steps,trajectories\n";
  int steps = 0;
  for (const auto& [time, eval_return] : time_and_return)
    curve << time << "," << eval_return << ",1," << (steps += 1000) << ",1\n";
}

std::string bench_in(const fs::path& out) {
  return "bench learning --quick --out " + out.string();
}

}  // namespace

TEST_CASE("the learning bench reuses finished runs and tables their wall time and returns") {
  scratch_dir scratch("learning-bench");
  write_finished_run(scratch.path / "async-seed1", "async", 220, {{50, 10}, {100, 80}, {200, 150}});
  write_finished_run(scratch.path / "sequential-seed1", "sequential", 440, {{100, 5}, {400, 90}});
  const auto result = run_amb(bench_in(scratch.path), source_dir.string());
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("async seed 1: reusing the finished run") != std::string::npos);
  CHECK(result.output.find("sequential seed 1: reusing the finished run") != std::string::npos);
  // 4000 steps at 0.05 s are 200 s of collection; the final returns are the means of the last
  // (up to 5) evaluations (the comparison rows are tested in learning_table_test.cpp).
  CHECK(result.output.find("| 1 | async | 4000 | 220.0 | 200.0 | 1.10 | 80.0 |") !=
        std::string::npos);
  CHECK(result.output.find("| 1 | sequential | 4000 | 440.0 | 200.0 | 2.20 | 47.5 |") !=
        std::string::npos);
  CHECK(fs::exists(scratch.path / "learning_bench.md"));
  CHECK(fs::file_size(scratch.path / "learning_curves.png") > 0);
}

TEST_CASE("the learning bench leaves an unfinished or different run in its folder alone") {
  scratch_dir scratch("learning-bench-refuse");
  write_finished_run(scratch.path / "async-seed1", "async", 220, {{50, 10}});
  fs::remove(scratch.path / "async-seed1" / "summary.json");
  auto result = run_amb(bench_in(scratch.path), source_dir.string());
  CHECK(result.exit_code == 2);
  CHECK(result.output.find("async-seed1 holds a run that did not reach its budget") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(scratch.path / "async-seed1" / "summary.json"));

  write_finished_run(scratch.path / "async-seed1", "sequential", 220, {{50, 10}});
  const auto before =
      amb::apps::read_json_file((scratch.path / "async-seed1/params.json").string());
  result = run_amb(bench_in(scratch.path), source_dir.string());
  CHECK(result.exit_code == 2);
  CHECK(result.output.find("async-seed1/params.json is not the configuration this run needs") !=
        std::string::npos);
  CHECK(amb::apps::read_json_file((scratch.path / "async-seed1/params.json").string()) == before);
}
