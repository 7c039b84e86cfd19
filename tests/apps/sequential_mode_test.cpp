// Sequential mode through the real amb binary: phases in order, and no worker outside its phase.
#include <doctest/doctest.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/amb_command.hpp"
#include "tests/amb_process.hpp"

namespace fs = std::filesystem;

namespace {

// One column of a progress CSV, by name.
std::vector<double> column(const fs::path& csv, const std::string& name) {
  std::ifstream in(csv);
  REQUIRE(in.good());
  std::string line, cell;
  std::getline(in, line);
  std::stringstream header(line);
  int index = -1;
  for (int i = 0; std::getline(header, cell, ','); ++i)
    if (cell == name) index = i;
  REQUIRE(index >= 0);
  std::vector<double> values;
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    for (int i = 0; std::getline(fields, cell, ','); ++i)
      if (i == index) values.push_back(std::stod(cell));
  }
  return values;
}

}  // namespace

TEST_CASE(
    "sequential mode runs collect, model and policy phases in order, each worker only in its own") {
  const fs::path out =
      fs::temp_directory_path() / ("amb-sequential-test-" + std::to_string(::getpid()));
  fs::remove_all(out);
  constexpr int episodes = 4, policy_steps = 3, iterations = 3;
  const std::string command =
      std::string(AMB_BINARY) + " run " + amb::tests::reacher_config + " --out " + out.string() +
      " --set mode=sequential --set env.pace_seconds=0 --set budget.env_steps=0"
      " --set budget.trajectories=" +
      std::to_string(episodes * iterations) +
      " --set sequential.episodes=" + std::to_string(episodes) +
      " --set sequential.policy_steps=" + std::to_string(policy_steps) +
      " --set sequential.max_epochs=5 --set model.hidden=[32,32]"
      " --set policy_learner.imagined_paths=10 --set evaluation.interval_seconds=0 > " +
      out.string() + ".log 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);

  std::vector<std::string> phases;
  std::ifstream events(out / "events.jsonl");
  for (std::string line; std::getline(events, line);) {
    auto e = nlohmann::json::parse(line);
    if (e["kind"] == "phase") phases.push_back(e["detail"]);
  }
  REQUIRE(phases.size() >= 3 * iterations - 2);
  // No phase ran before its workers had joined: such a phase ends at once, with nothing done,
  // and the run would count more iterations than it had work for.
  CHECK(phases.size() <= 3 * iterations);
  for (size_t i = 0; i < phases.size(); ++i) {
    const char* kinds[] = {"collect ", "model ", "policy "};
    CHECK(phases[i] == kinds[i % 3] + std::to_string(i / 3 + 1));
  }

  // Episode k was collected in iteration k / episodes, after exactly that many policy phases of
  // policy_steps steps each: θ did not move while the collectors ran.
  const auto versions = column(out / "progress_collector-0.csv", "policy_version");
  REQUIRE(versions.size() == size_t(episodes * iterations));
  for (size_t k = 0; k < versions.size(); ++k) {
    CAPTURE(k);
    CHECK(versions[k] == 1 + double(k / episodes) * policy_steps);
  }
  // Every model phase trained at most max_epochs epochs.
  CHECK(column(out / "progress_model_learner.csv", "step").back() <= 5.0 * iterations);
  fs::remove_all(out);
  fs::remove(out.string() + ".log");
}

TEST_CASE("a learner that crashes in its sequential phase ends the phase, and the run goes on") {
  const fs::path out =
      fs::temp_directory_path() / ("amb-sequential-crash-test-" + std::to_string(::getpid()));
  fs::remove_all(out);
  // The policy learner throws 2 s after it starts, in one of its phases; its supervisor starts a
  // new one. Before the gate answered for a dead worker, the coordinator waited for that phase
  // for ever: `timeout` turns such a hang into a failure here.
  const std::string command =
      "timeout 120 " + std::string(AMB_BINARY) + " run " + amb::tests::reacher_config + " --out " +
      out.string() +
      " --set mode=sequential --set env.pace_seconds=0 --set budget.env_steps=0"
      " --set budget.trajectories=100 --set sequential.episodes=2"
      " --set sequential.policy_steps=2 --set sequential.max_epochs=2"
      " --set model.hidden=[32,32] --set policy_learner.imagined_paths=10"
      " --set evaluation.interval_seconds=0 --inject policy_learner:throw:2 > " +
      out.string() + ".log 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  std::ifstream summary_file(out / "summary.json");
  const auto summary = nlohmann::json::parse(summary_file);
  CHECK(summary["crashes"].get<int>() >= 1);
  CHECK(summary["restarts"].get<int>() >= 1);
  CHECK(summary["trajectories_stored"].get<int>() >= 100);
  fs::remove_all(out);
  fs::remove(out.string() + ".log");
}

TEST_CASE("a sequential run stopped in a phase resumes in that phase with what was left of it") {
  amb::tests::scratch_dir dir("sequential-resume");
  const auto run = dir.path / "run";
  constexpr int episodes = 2, policy_steps = 20, iterations = 4;
  std::vector<std::string> args{"run", amb::tests::reacher_config, "--out", run.string()};
  for (const auto& set : std::vector<std::string>{
           "mode=sequential", "env.pace_seconds=0", "budget.env_steps=0",
           "budget.trajectories=" + std::to_string(episodes * iterations),
           "sequential.episodes=" + std::to_string(episodes),
           "sequential.policy_steps=" + std::to_string(policy_steps), "sequential.max_epochs=5",
           "model.hidden=[32,32]", "policy_learner.imagined_paths=10",
           "evaluation.interval_seconds=0"}) {
    args.push_back("--set");
    args.push_back(set);
  }
  amb::tests::amb_process first(args, dir.path / "first.out");
  // Wherever the stop lands from the second policy phase on, the resumed run finishes that phase.
  amb::tests::wait_for_line(run / "events.jsonl", R"("detail":"policy 2")");
  first.signal(SIGINT);
  REQUIRE(first.wait_exit() == 130);
  std::ifstream counters(run / "checkpoint" / "run.json");
  const auto position = nlohmann::json::parse(counters).at("sequential");
  const auto done = position.at("done").get<int>();
  const auto units = position.at("phase") == "collect" ? episodes
                     : position.at("phase") == "model" ? 5
                                                       : policy_steps;
  REQUIRE(position.at("iteration").get<int>() < iterations);

  const auto resumed = amb::tests::run_amb("run --resume " + run.string());
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  // The resumed process's first phase is the stopped one.
  std::vector<std::string> after_resume;
  bool resumed_yet = false;
  std::ifstream events(run / "events.jsonl");
  for (std::string line; std::getline(events, line);) {
    const auto e = nlohmann::json::parse(line);
    resumed_yet = resumed_yet || e["kind"] == "resumed";
    if (resumed_yet && e["kind"] == "phase") after_resume.push_back(e["detail"]);
  }
  REQUIRE_FALSE(after_resume.empty());
  std::string expected = position.at("phase").get<std::string>() + " " +
                         std::to_string(position.at("iteration").get<int>());
  if (done > 0)
    expected += " (resumed: " + std::to_string(std::min(done, units)) + " of " +
                std::to_string(units) + " done)";
  MESSAGE("stopped in " << expected);
  CHECK(after_resume.front() == expected);
  // As in an uninterrupted run: each iteration's episodes after exactly that many whole policy
  // phases, and under the θ version the phases before them left.
  const auto versions = column(run / "progress_collector-0.csv", "policy_version");
  REQUIRE(versions.size() == size_t(episodes * iterations));
  for (size_t k = 0; k < versions.size(); ++k) {
    CAPTURE(k);
    CHECK(versions[k] == 1 + double(k / episodes) * policy_steps);
  }
}
