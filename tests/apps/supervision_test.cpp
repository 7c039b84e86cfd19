// A run whose learners keep failing, through the real binary: the supervisor restarts them from
// the servers' state and the run reaches its budget with every acknowledged trajectory stored.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/amb_command.hpp"

using amb::tests::run_amb;

TEST_CASE("a run whose learners throw and produce NaN every few seconds completes its budget") {
  amb::tests::scratch_dir dir("supervision");
  const auto out = dir.path / "run";
  const auto result = run_amb("run --out " + out.string() +
                              " --set budget.env_steps=1500 --set evaluation.interval_seconds=0"
                              " --inject model_learner:throw:3 --inject policy_learner:nan:4");
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  std::ifstream summary_file(out / "summary.json");
  const auto summary = nlohmann::json::parse(summary_file);
  CHECK(summary["stop_reason"] == "budget");
  CHECK(summary["restarts"].get<int>() >= 4);  // 15 s: about 4 of each learner's faults
  CHECK(summary["crashes"].get<int>() >= summary["restarts"].get<int>());

  // Every trajectory the collector saw acknowledged (one progress row each) is in the buffer.
  std::ifstream rows(out / "progress_collector-0.csv");
  int acknowledged = -1;  // the header
  for (std::string line; std::getline(rows, line);) ++acknowledged;
  CHECK(summary["trajectories_stored"].get<int>() == acknowledged);

  std::ifstream events_file(out / "events.jsonl");
  int nan_refusals = 0, restarted = 0;
  for (std::string line; std::getline(events_file, line);) {
    const auto e = nlohmann::json::parse(line);
    if (e["kind"] == "restarted") ++restarted;
    if (e["kind"] == "crashed" &&
        e.value("detail", "").find("NaN or Inf in policy parameters") != std::string::npos)
      ++nan_refusals;
  }
  CHECK(restarted >= summary["restarts"].get<int>());  // one may race the end of the run
  CHECK(nan_refusals >= 1);  // the policy learner refused to push its poisoned θ
}
