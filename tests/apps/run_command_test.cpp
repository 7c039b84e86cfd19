// `amb run` as a user runs it: the real binary in a child process, its run folder read back.
#include <doctest/doctest.h>
#include <sched.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "envs/registry.hpp"
#include "tests/amb_command.hpp"
#include "tests/amb_process.hpp"

namespace fs = std::filesystem;
using amb::tests::reacher_config;
using amb::tests::run_amb;

namespace {

// The scheduling policy of a process's threads by name (Linux: /proc/PID/task/TID/{comm,stat};
// 0 is SCHED_OTHER, 3 SCHED_BATCH).
std::multimap<std::string, int> thread_policies(pid_t pid) {
  std::multimap<std::string, int> policies;
  for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
    std::string name, stat;
    std::getline(std::ifstream(task.path() / "comm"), name);
    std::getline(std::ifstream(task.path() / "stat"), stat);
    // After the ")" that ends the name: fields 3 (state) to 40, then the policy (field 41).
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string field;
    for (int i = 3; i < 41; ++i) fields >> field;
    int policy = -1;
    fields >> policy;
    policies.emplace(name, policy);
  }
  return policies;
}

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("amb run fills the buffer to its budget, exits 0 and leaves a complete run folder") {
  amb::tests::scratch_dir dir("run-test");
  const auto out = dir.path / "run";
  auto result = run_amb("run " + amb::tests::reacher_task_config + " --out " + out.string() +
                        " --set env.pace_seconds=0"
                        " --set budget.trajectories=6 --set collectors.count=2");
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("[amb]") != std::string::npos);  // the progress line

  auto params = read_json(out / "params.json");
  CHECK(params["env"]["name"] == "reacher");
  CHECK(params["collectors"]["count"] == 2);

  auto summary = read_json(out / "summary.json");
  CHECK(summary["stop_reason"] == "budget");
  CHECK(summary["trajectories_pushed"].get<int>() >= 6);
  CHECK(summary["env_steps"].get<int>() == summary["trajectories_pushed"].get<int>() * 50);
  CHECK(summary["trajectories_rejected"] == 0);
  CHECK(summary["policy_version"] == 1);
  CHECK(summary["crashes"] == 0);
  CHECK(summary["wall_seconds"].get<double>() > 0);

  // Every worker (two collectors and the evaluator) started and stopped, none crashed.
  std::ifstream events(out / "events.jsonl");
  std::map<std::string, std::vector<std::string>> kinds_of;
  for (std::string line; std::getline(events, line);) {
    auto e = nlohmann::json::parse(line);
    kinds_of[e["actor"]].push_back(e["kind"]);
  }
  for (const char* worker : {"collector-0", "collector-1", "evaluator"}) {
    CAPTURE(worker);
    CHECK(kinds_of[worker] == std::vector<std::string>{"started", "stopped"});
  }

  SUBCASE("a second run into the same folder is refused and the first run's files stay") {
    auto again = run_amb("run --out " + out.string() + " --set budget.trajectories=1");
    CHECK(again.exit_code == 2);
    CHECK(again.output.find(": not empty (it holds ") != std::string::npos);
    CHECK(read_json(out / "summary.json") == summary);
  }
}

TEST_CASE("amb run refuses a folder holding anything, and leaves what it holds as it was") {
  amb::tests::scratch_dir dir("run-foreign");
  // Another run's progress file alone: a new run appended its rows to it.
  const auto foreign = dir.path / "progress_evaluator.csv";
  std::ofstream(foreign) << "time,eval_return\n1,2\n";
  const auto result = run_amb("run " + amb::tests::reacher_task_config + " --out " +
                              dir.path.string() + " --set budget.trajectories=1");
  CHECK(result.exit_code == 2);
  CHECK(result.output.find("not empty (it holds progress_evaluator.csv)") != std::string::npos);
  std::ifstream in(foreign);
  CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == "time,eval_return\n1,2\n");
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

TEST_CASE("amb run names an --out it cannot create, as a usage error, and writes nothing") {
  amb::tests::scratch_dir dir("run-uncreatable");
  fs::create_directories(dir.path);
  std::ofstream(dir.path / "file") << "a file, not a folder";
  // A folder inside a regular file cannot be made; the library's own words came through with
  // exit 1 ("filesystem error: cannot create directories").
  const auto out = dir.path / "file" / "run";
  const auto result = run_amb("run --out " + out.string() + " --set budget.trajectories=1");
  CHECK(result.exit_code == 2);
  CHECK(result.output.find("--out " + out.string() + ": cannot create the folder: ") !=
        std::string::npos);
  CHECK(run_amb("run --out '' --set budget.trajectories=1").output.find("--out: empty") !=
        std::string::npos);
}

TEST_CASE(
    "amb run refuses a bad configuration with exit code 2, naming the key, and writes nothing") {
  amb::tests::scratch_dir dir("run-test");
  fs::create_directories(dir.path);
  const auto config = dir.path / "bad.json";
  std::ofstream(config) << R"({"env": {"name": "hopper"}, "budget": {"trajectoires": 3}})";
  auto result = run_amb("run " + config.string() + " --out " + (dir.path / "run").string());
  CHECK(result.exit_code == 2);
  CHECK(result.output.find("budget.trajectoires: unknown key") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path / "run"));

  std::ofstream(config) << "{ not json";
  auto broken = run_amb("run " + config.string());
  CHECK(broken.exit_code == 2);
  CHECK(broken.output.find("not valid JSON") != std::string::npos);

  std::ofstream(config) << R"({"seed": 1e400})";
  auto overflowing = run_amb("run " + config.string());
  CHECK(overflowing.exit_code == 2);
  CHECK(overflowing.output.find(config.string() + ": a number beyond the range of a double") !=
        std::string::npos);
}

TEST_CASE("amb envs --json lists every environment with its dimensions") {
  auto result = run_amb("envs --json");
  REQUIRE(result.exit_code == 0);
  auto list = nlohmann::json::parse(result.output);
  REQUIRE(list.size() == amb::envs::env_names().size());
  CHECK(list[0]["name"] == "half_cheetah");
  CHECK(list[0]["obs_dim"] == 17);
  CHECK(list[5]["name"] == "pr2_reach");
  CHECK(list[5]["obs_dim"] == 23);
  CHECK(list[5]["control_period"].get<double>() == doctest::Approx(0.1));
  CHECK(list[8]["name"] == "cartpole");
  CHECK(list[9]["name"] == "reacher_single_target");
  CHECK(list[8]["act_dim"] == 1);
}

TEST_CASE("amb envs lines its table up under the header, the longest name included") {
  auto result = run_amb("envs");
  REQUIRE(result.exit_code == 0);
  std::istringstream lines(result.output);
  std::string header;
  std::getline(lines, header);
  const auto horizon_end = header.find("horizon") + std::string("horizon").size();
  size_t rows = 0;
  for (std::string row; std::getline(lines, row); ++rows) {
    INFO(row);
    CHECK(row.size() == horizon_end);  // the horizon column ends where its header does
  }
  CHECK(rows == amb::envs::env_names().size());
}

TEST_CASE("amb run --help shows the default job and every key with its valid values") {
  auto help = run_amb("run --help");
  CHECK(help.exit_code == 0);
  CHECK(help.output.find("budget.trajectories") != std::string::npos);
  CHECK(help.output.find("\"half_cheetah\"") != std::string::npos);  // the default job
  CHECK(help.output.find("\"reacher\"") != std::string::npos);       // the built-in values
}

TEST_CASE("a run's learner threads are CPU-bound batch threads; its servers and network are not") {
  amb::tests::scratch_dir dir("run-policies");
  const auto out = dir.path / "run";
  amb::tests::amb_process run({"run", reacher_config, "--out", out.string(), "--set",
                               "budget.wall_seconds=0", "--set", "budget.env_steps=100000"},
                              dir.path / "run.log");
  // Both learners have stepped, so both threads exist.
  amb::tests::wait_for_line(out / "progress_model_learner.csv", "^[0-9.]+,");
  amb::tests::wait_for_line(out / "progress_policy_learner.csv", "^[0-9.]+,");
  const auto policies = thread_policies(run.pid());
  run.signal(SIGTERM);
  CHECK(run.wait_exit() == 143);
  std::string seen;
  for (const auto& [name, policy] : policies) seen += name + "=" + std::to_string(policy) + " ";
  INFO(seen);
  REQUIRE(policies.count("model_learner") == 1);
  REQUIRE(policies.count("policy_learner") == 1);
  CHECK(policies.find("model_learner")->second == SCHED_BATCH);
  CHECK(policies.find("policy_learner")->second == SCHED_BATCH);
  // The middleman, the clock and the scheduler's workers (servers, collectors) stay normal.
  REQUIRE(policies.count("caf.multiplexer") >= 1);
  for (const auto& [name, policy] : policies)
    if (name.rfind("caf.", 0) == 0) CHECK(policy == SCHED_OTHER);
}

TEST_CASE("Ctrl-C stops amb run as its budget would, exit 130, and the run resumes from there") {
  amb::tests::scratch_dir dir("run-interrupted");
  const auto out = dir.path / "run";
  amb::tests::amb_process run({"run", reacher_config, "--out", out.string(), "--set",
                               "budget.env_steps=100000", "--set", "budget.wall_seconds=0"},
                              dir.path / "run.log");
  amb::tests::wait_for_line(out / "progress_collector-0.csv", "^[0-9.]+,");  // an episode stored
  run.signal(SIGINT);
  CHECK(run.wait_exit() == 130);
  const auto summary = read_json(out / "summary.json");
  CHECK(summary["stop_reason"] == "stopped by SIGINT");
  CHECK(summary["trajectories_stored"].get<int>() >= 1);
  CHECK(fs::exists(out / "checkpoint" / "policy.params"));
  CHECK(fs::exists(out / "checkpoint" / "run.json"));
  std::ifstream events(out / "events.jsonl");
  const std::string log((std::istreambuf_iterator<char>(events)), {});
  CHECK(log.find("stopped by SIGINT") != std::string::npos);

  // A run stopped so is not finished: it resumes, and SIGTERM stops it again with 143.
  amb::tests::amb_process resumed({"run", "--resume", out.string()}, dir.path / "resumed.log");
  resumed.wait_for("resuming");
  amb::tests::wait_for_line(out / "events.jsonl", "\"resumed\"");
  resumed.signal(SIGTERM);
  CHECK(resumed.wait_exit() == 143);
  CHECK(read_json(out / "summary.json")["stop_reason"] == "stopped by SIGTERM");
  // The resumed process went on in the progress files under their header lines.
  for (const auto& file : fs::directory_iterator(out)) {
    if (file.path().extension() != ".csv") continue;
    std::ifstream csv(file.path());
    std::vector<size_t> cells;
    for (std::string line; std::getline(csv, line);)
      cells.push_back(size_t(std::count(line.begin(), line.end(), ',')));
    INFO(file.path().string());
    CHECK(std::count(cells.begin(), cells.end(), cells.front()) == long(cells.size()));
  }
}
