// `amb eval` and the evaluator's spread through the real binary, on a short run's folder.
#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/amb_command.hpp"
#include "tests/amb_process.hpp"
#include "tests/progress_csv.hpp"

namespace fs = std::filesystem;
using amb::tests::csv_column;
using amb::tests::run_amb;

TEST_CASE("amb eval scores a run's θ over seeded episodes, the same twice, as the evaluator does") {
  amb::tests::scratch_dir dir("eval-test");
  const auto run = dir.path / "run";
  // The random algorithm's θ v1 on the reacher, whose start states (the target) vary by seed,
  // stopped once the run has made an evaluation (and so a row of progress.csv).
  amb::tests::amb_process running(
      {"run", amb::tests::reacher_task_config, "--out", run.string(), "--set",
       "budget.env_steps=1000000", "--set", "evaluation.episodes=3", "--set",
       "evaluation.interval_seconds=0.1"},
      dir.path / "run.log");
  amb::tests::wait_for_line(run / "progress.csv", "^[0-9.]+,");
  running.signal(SIGINT);
  REQUIRE(running.wait_exit() == 130);

  // The evaluator's rows: the mean over its 3 episodes and their spread.
  const auto evaluator = run / "progress_evaluator.csv";
  REQUIRE(!csv_column(evaluator, "eval_return").empty());
  CHECK(csv_column(evaluator, "eval_episodes").back() == 3);
  CHECK(csv_column(evaluator, "eval_return_std").back() > 0);
  CHECK(csv_column(evaluator, "eval_return_min").back() <=
        csv_column(evaluator, "eval_return").back());
  CHECK(csv_column(evaluator, "eval_return_max").back() >=
        csv_column(evaluator, "eval_return").back());

  // progress.csv: the same evaluations with the run's counters, as viskit and pandas read it.
  const auto table = run / "progress.csv";
  // Its row follows the evaluator's own after a question to the coordinator: the stop may
  // have come between the two for the last evaluation.
  const auto scores = csv_column(evaluator, "eval_return");
  const auto rows = csv_column(table, "eval_return");
  REQUIRE(rows.size() + 1 >= scores.size());
  CHECK(rows == std::vector<double>(scores.begin(), scores.begin() + long(rows.size())));
  CHECK(csv_column(table, "restarts").back() == 0);
  CHECK(csv_column(table, "crashes").back() == 0);
  CHECK(csv_column(table, "policy_version").back() == 1);

  const auto once = run_amb("eval " + run.string() + " --episodes 5 --json");
  const auto twice = run_amb("eval " + run.string() + " --episodes 5 --json");
  INFO(once.output);
  REQUIRE(once.exit_code == 0);
  const auto first = nlohmann::json::parse(once.output);
  CHECK(first == nlohmann::json::parse(twice.output));  // every return, to the last digit
  CHECK(first["returns"].size() == 5);
  CHECK(first["policy_version"] == 1);
  CHECK(first["std"].get<double>() > 0);
  CHECK(first["min"].get<double>() < first["max"].get<double>());

  // With the evaluator's episodes and seed, the evaluator's score of the same θ.
  const auto as_evaluator =
      nlohmann::json::parse(run_amb("eval " + run.string() + " --episodes 3 --json").output);
  CHECK(as_evaluator["mean"].get<double>() ==
        doctest::Approx(csv_column(evaluator, "eval_return").back()).epsilon(1e-4));
  // Other seeds, other start states.
  const auto other = nlohmann::json::parse(
      run_amb("eval " + run.string() + " --episodes 5 --seed 7 --json").output);
  CHECK(other["returns"] != first["returns"]);

  // amb render rolls out the same θ.
  const auto video = dir.path / "rollout.mp4";
  const auto rendered = run_amb("render " + run.string() + " --frames 3 --width 32 --height 32" +
                                " --out " + video.string());
  CHECK(rendered.exit_code == 0);
  CHECK(rendered.output.find("reacher, random θ v1") != std::string::npos);
  CHECK(fs::exists(video));

  const auto text = run_amb("eval " + run.string() + " --episodes 2");
  CHECK(text.exit_code == 0);
  CHECK(text.output.find("2 episodes from seed") != std::string::npos);
  CHECK(text.output.find("return mean ") != std::string::npos);

  // θ of the random algorithm holds one policy.
  const auto no_such_policy = run_amb("eval " + run.string() + " --policy 1");
  CHECK(no_such_policy.exit_code == 2);
  CHECK(no_such_policy.output.find("--policy 1: θ of random has policy 0 only") !=
        std::string::npos);
}

TEST_CASE("amb eval --policy 1 scores MAAC's planner as the evaluator does") {
  amb::tests::scratch_dir dir("eval-planner");
  const auto run = dir.path / "run";
  amb::tests::amb_process running(
      {"run", amb::tests::reacher_task_config, "--out", run.string(), "--set", "algorithm=maac",
       "--set", "model.hidden=[32]", "--set", "networks.policy_hidden=[32]", "--set",
       "networks.critic_hidden=[32]", "--set", "mpc.population=16", "--set", "mpc.elites=4",
       "--set", "budget.env_steps=1000000", "--set", "evaluation.episodes=2", "--set",
       "evaluation.interval_seconds=0.1",
       // Sequential, collecting its first 1000 episodes: θ stays v1 while the test looks.
       "--set", "mode=sequential", "--set", "sequential.episodes=1000"},
      dir.path / "run.log");
  amb::tests::wait_for_line(run / "progress_evaluator.csv", "^[0-9.]+,");
  running.signal(SIGINT);
  REQUIRE(running.wait_exit() == 130);
  const auto evaluator = run / "progress_evaluator.csv";
  const auto planner = csv_column(evaluator, "eval_return_mpc");
  REQUIRE(!planner.empty());
  REQUIRE(csv_column(evaluator, "policy_version").front() == 1);
  const auto scored =
      nlohmann::json::parse(run_amb("eval " + run.string() + " --episodes 2 --json").output);
  const auto planned = run_amb("eval " + run.string() + " --episodes 2 --policy 1 --json");
  INFO(planned.output);
  REQUIRE(planned.exit_code == 0);
  const auto plan = nlohmann::json::parse(planned.output);
  CHECK(plan["policy"] == 1);
  CHECK(plan["policy_version"] == 1);
  CHECK(plan["mean"] != scored["mean"]);  // another policy than the mean action
  CHECK(planner.front() == doctest::Approx(plan["mean"].get<double>()).epsilon(1e-4));
  const auto beyond = run_amb("eval " + run.string() + " --policy 2");
  CHECK(beyond.exit_code == 2);
  CHECK(beyond.output.find("--policy 2: θ of maac has policies 0 to 1") != std::string::npos);
}

TEST_CASE("amb eval refuses a folder without a run, a missing checkpoint and a damaged one") {
  amb::tests::scratch_dir dir("eval-refusals");
  const auto nothing = run_amb("eval " + dir.path.string());
  CHECK(nothing.exit_code == 2);
  CHECK(nothing.output.find("no run there (no params.json)") != std::string::npos);

  std::ofstream(dir.path / "params.json") << R"({"env": {"name": "reacher"}})";
  const auto missing = run_amb("eval " + dir.path.string());
  CHECK(missing.exit_code == 2);
  CHECK(missing.output.find("checkpoint/policy.params: no such checkpoint") != std::string::npos);

  const auto forged = dir.path / "forged.params";
  std::ofstream(forged) << "not a checkpoint at all";
  const auto damaged = run_amb("eval " + dir.path.string() + " --checkpoint " + forged.string());
  INFO(damaged.output);
  CHECK(damaged.exit_code == 2);
  CHECK(damaged.output.find(forged.string()) != std::string::npos);
}
