#include "bench/learning_table.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

// The learning bench's verdict on the target comes from this table, so its comparison
// of an asynchronous with a sequential run is checked on curves whose answers are known.

using namespace amb::bench;

namespace {

run_result run(const std::string& mode, uint64_t seed, double wall_seconds,
               std::vector<evaluation_point> curve) {
  return {mode, seed, wall_seconds, 4000, 0.05, std::move(curve)};
}

bool has_line(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE(
    "the learning table compares the asynchronous run with the sequential one's final return") {
  const auto tables = learning_tables({
      // Seed 1: async passes sequential's final 47.5 at 100 s, sequential itself at 400 s.
      run("async", 1, 220, {{50, 1000, 10}, {100, 2000, 80}, {200, 3000, 150}}),
      run("sequential", 1, 440, {{100, 1000, 5}, {400, 2000, 90}}),
      // Seed 2: async never reaches sequential's final 40; both reach async's final 16.7.
      run("async", 2, 300, {{100, 1000, 0}, {200, 2000, 20}, {300, 3000, 30}}),
      run("sequential", 2, 1000, {{100, 1000, 0}, {500, 2000, 50}, {900, 3000, 70}}),
      // Seed 3: sequential ends below its start, so matching it means nothing.
      run("async", 3, 220, {{50, 1000, 10}, {100, 2000, 80}}),
      run("sequential", 3, 440, {{100, 1000, 5}, {400, 2000, 1}}),
  });
  INFO(tables);
  CHECK(has_line(tables, "| 1 | async | 4000 | 220.0 | 200.0 | 1.10 | 80.0 | - |"));
  CHECK(has_line(tables, "| 2 | sequential | 4000 | 1000.0 | 200.0 | 5.00 | 40.0 | - |"));
  CHECK(has_line(tables, "| 1 | 47.5 | 100.0 | 0.23 | 47.5 | 100.0 | 400.0 | 0.25 |"));
  CHECK(has_line(tables, "| 2 | 40.0 | not reached | not reached | 16.7 | 200.0 | 500.0 | 0.40 |"));
  CHECK(has_line(tables, "| 3 | 3.0 | n/a: a run did not improve | - | - | - | - | - |"));
}

TEST_CASE("the learning table gives the spread of the final evaluations beside their mean") {
  const auto tables = learning_tables({
      run("async", 1, 220, {{50, 1000, 10, 2.0}, {100, 2000, 80, 4.0}, {200, 3000, 150, 9.0}}),
      run("sequential", 1, 440, {{100, 1000, 5, 1.0}, {400, 2000, 90, 3.0}}),
  });
  INFO(tables);
  CHECK(has_line(tables, "| 1 | async | 4000 | 220.0 | 200.0 | 1.10 | 80.0 | 5.0 |"));
  CHECK(has_line(tables, "| 1 | sequential | 4000 | 440.0 | 200.0 | 2.20 | 47.5 | 2.0 |"));
}

TEST_CASE("a curve is read by its columns' names, from runs with and without the spread") {
  const auto dir = std::filesystem::temp_directory_path() / "amb-read-curve";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "old.csv") << "time,eval_return,policy_version,env_steps,trajectories\n"
                                    "1.5,-3,2,400,2\n";
  std::ofstream(dir / "new.csv")
      << "time,eval_return,eval_return_std,eval_return_min,eval_return_max,eval_episodes,"
         "policy_version,env_steps,trajectories\n"
         "2.5,7,1.25,5,9,3,4,800,4\n";
  const auto old_curve = read_curve(dir / "old.csv");
  REQUIRE(old_curve.size() == 1);
  CHECK(old_curve[0].time == 1.5);
  CHECK(old_curve[0].env_steps == 400);
  CHECK(old_curve[0].eval_return == -3);
  CHECK(std::isnan(old_curve[0].eval_std));
  const auto new_curve = read_curve(dir / "new.csv");
  REQUIRE(new_curve.size() == 1);
  CHECK(new_curve[0].env_steps == 800);  // not the column at old env_steps' place
  CHECK(new_curve[0].eval_return == 7);
  CHECK(new_curve[0].eval_std == 1.25);
  std::ofstream(dir / "bad.csv") << "time,policy_version\n1,2\n";
  CHECK_THROWS_WITH(read_curve(dir / "bad.csv"), doctest::Contains("bad.csv lacks the time"));
  std::filesystem::remove_all(dir);
}
