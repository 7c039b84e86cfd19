// A run whose workers keep failing, through the real binary: the supervisor restarts them from
// the servers' state and the run reaches its budget with every acknowledged trajectory stored.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/amb_command.hpp"

using amb::tests::run_amb;

TEST_CASE("a run whose workers throw, stall and produce NaN every few seconds completes") {
  amb::tests::scratch_dir dir("supervision");
  const auto out = dir.path / "run";
  const auto result = run_amb("run " + amb::tests::reacher_config + " --out " + out.string() +
                              " --set budget.env_steps=1500 --set evaluation.interval_seconds=0"
                              " --set supervision.stall_seconds=1 --inject model_learner:throw:3"
                              " --inject policy_learner:stall:4 --inject collector:nan:5");
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  std::ifstream summary_file(out / "summary.json");
  const auto summary = nlohmann::json::parse(summary_file);
  CHECK(summary["stop_reason"] == "budget");
  CHECK(summary["restarts"].get<int>() >= 6);  // 15 s: about 4, 3 and 3 faults
  CHECK(summary["crashes"].get<int>() >= summary["restarts"].get<int>());

  // Every trajectory the collector saw acknowledged (one progress row each) is in the buffer.
  std::ifstream rows(out / "progress_collector-0.csv");
  int acknowledged = -1;  // the header
  for (std::string line; std::getline(rows, line);) ++acknowledged;
  // A row follows its acknowledgement, so a collector stopped in between (a crash, the end of
  // the run) leaves one stored trajectory without its row; never the other way round.
  const int stored = summary["trajectories_stored"].get<int>();
  CHECK(stored >= acknowledged);
  CHECK(stored <= acknowledged + summary["crashes"].get<int>() + 1);

  std::ifstream events_file(out / "events.jsonl");
  std::map<std::string, int> restarted;
  int nan_refusals = 0, stalls = 0, total_restarted = 0;
  for (std::string line; std::getline(events_file, line);) {
    const auto e = nlohmann::json::parse(line);
    if (e["kind"] == "restarted") ++restarted[e["actor"]], ++total_restarted;
    if (e["kind"] == "stalled") ++stalls;
    if (e["kind"] == "crashed" && e.value("detail", "").find("not_finite") != std::string::npos)
      ++nan_refusals;
  }
  CHECK(total_restarted >= summary["restarts"].get<int>());  // one may race the end of the run
  CHECK(restarted["collector-0"] >= 1);
  CHECK(restarted["model_learner"] >= 1);
  CHECK(restarted["policy_learner"] >= 1);
  CHECK(stalls >= 1);        // the policy learner hung and its supervisor noticed
  CHECK(nan_refusals >= 1);  // the buffer refused the collector's poisoned trajectory
}
