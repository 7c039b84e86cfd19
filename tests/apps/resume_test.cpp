// A run killed with SIGKILL and resumed, through the real binary: every trajectory a collector
// saw acknowledged before the kill is in the buffer afterwards, the parameter versions go on
// upwards, and the run finishes. A damaged run folder is refused, named and left as it is.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "actors/param_checkpoint.hpp"
#include "actors/trajectory_store.hpp"
#include "apps/learner_configs.hpp"
#include "apps/run_state.hpp"
#include "tests/amb_command.hpp"
#include "tests/progress_csv.hpp"

using amb::tests::run_amb;
namespace fs = std::filesystem;

namespace {

// `amb run --out DIR ...` started in the background, its output going to DIR.out.
pid_t start_run(const fs::path& out, const std::vector<std::string>& sets) {
  std::vector<std::string> args{AMB_BINARY, "run", amb::tests::reacher_config, "--out",
                                out.string()};
  for (const auto& set : sets) {
    args.push_back("--set");
    args.push_back(set);
  }
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const auto log = out.string() + ".out";
    if (!freopen(log.c_str(), "w", stdout) || !freopen(log.c_str(), "a", stderr)) _exit(127);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(AMB_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

// The episode returns in a collector's progress file: one row per acknowledged trajectory.
std::vector<double> acknowledged_returns(const fs::path& csv) {
  return amb::tests::csv_column(csv, "episode_return");
}

// Waits, checking every 50 ms, until the run has a policy checkpoint and `rows` acknowledged
// trajectories; fails if the run ends or a minute goes by first.
void wait_for_progress(pid_t pid, const fs::path& out, size_t rows) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (!(fs::exists(out / "checkpoint" / "policy.params") &&
           fs::exists(out / "progress_collector-0.csv") &&
           acknowledged_returns(out / "progress_collector-0.csv").size() >= rows)) {
    int status;
    REQUIRE_MESSAGE(waitpid(pid, &status, WNOHANG) == 0, "the run ended before it was killed");
    REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "the run made no progress");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void kill_run(pid_t pid) {
  REQUIRE(kill(pid, SIGKILL) == 0);
  int status;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFSIGNALED(status));
}

struct stored_episode {
  double episode_return;
  uint64_t policy_version;
};

std::vector<stored_episode> stored_episodes(const fs::path& out) {
  std::vector<stored_episode> episodes;
  std::ifstream params(out / "params.json");
  const auto config = amb::apps::resolve_run_config(nlohmann::json::parse(params), {});
  amb::apps::read_run_trajectories(out.string(), amb::apps::expectation_of(config),
                                   [&](amb::messages::trajectory t) {
                                     double sum = 0;
                                     for (uint32_t i = 0; i < t.length; ++i)
                                       sum += t.rewards.floats()[i];
                                     episodes.push_back({sum, t.policy_version});
                                   });
  return episodes;
}

std::string contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// About 8 s of collection at 250 steps/s: time to be killed in the middle.
const std::vector<std::string> quick_run{"budget.env_steps=2000", "env.pace_seconds=0.004",
                                         "checkpoint.interval_seconds=1",
                                         "evaluation.interval_seconds=0"};

// The run folder of a quick run killed with SIGKILL once it has a policy checkpoint and
// `rows` acknowledged trajectories.
fs::path killed_run(const amb::tests::scratch_dir& dir, size_t rows) {
  const auto out = dir.path / "run";
  const pid_t pid = start_run(out, quick_run);
  wait_for_progress(pid, out, rows);
  kill_run(pid);
  return out;
}

}  // namespace

TEST_CASE("a run killed with SIGKILL resumes without losing an acknowledged trajectory") {
  amb::tests::scratch_dir dir("resume");
  const auto out = killed_run(dir, 12);

  const auto acknowledged = acknowledged_returns(out / "progress_collector-0.csv");
  const auto checkpointed = amb::actors::read_param_checkpoint(
      (out / "checkpoint" / "policy.params").string(), "policy", "me_trpo");
  REQUIRE(checkpointed.has_value());
  std::ifstream counters_file(out / "checkpoint" / "run.json");
  const double elapsed_before = nlohmann::json::parse(counters_file)["elapsed"].get<double>();
  REQUIRE(elapsed_before > 0);

  const auto result = run_amb("run --resume " + out.string());
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("resuming " + out.string()) != std::string::npos);

  // The trajectories acknowledged before the kill come first in the buffer, in order, intact
  // (one collector: its acknowledgements come in sequence order).
  const auto stored = stored_episodes(out);
  REQUIRE(stored.size() >= acknowledged.size());
  for (size_t i = 0; i < acknowledged.size(); ++i) {
    CAPTURE(i);
    CHECK(stored[i].episode_return == doctest::Approx(acknowledged[i]).epsilon(1e-5));
  }
  // θ versions never go back, not even past the θ pushed after the last checkpoint and lost.
  for (size_t i = 1; i < stored.size(); ++i) {
    CAPTURE(i);
    CHECK(stored[i].policy_version >= stored[i - 1].policy_version);
  }
  // The progress time is the run's: the resumed process's rows go on from the checkpointed
  // elapsed time instead of starting again from 0.
  const auto times = amb::tests::csv_column(out / "progress_collector-0.csv", "time");
  REQUIRE(times.size() > acknowledged.size());
  for (size_t i = acknowledged.size(); i < times.size(); ++i) {
    CAPTURE(i);
    CHECK(times[i] >= elapsed_before);
  }
  std::ifstream summary_file(out / "summary.json");
  const auto summary = nlohmann::json::parse(summary_file);
  CHECK(summary["stop_reason"] == "budget");
  CHECK(summary["trajectories_stored"].get<size_t>() == stored.size());
  CHECK(summary["env_steps"].get<int>() >= 2000);
  CHECK(summary["policy_version"].get<uint64_t>() > checkpointed->version);  // went on upwards

  std::ifstream events(out / "events.jsonl");
  int resumed = 0;
  for (std::string line; std::getline(events, line);)
    if (nlohmann::json::parse(line)["kind"] == "resumed") ++resumed;
  CHECK(resumed >= 1);

  // A finished run is not resumed again.
  const auto again = run_amb("run --resume " + out.string());
  CHECK(again.exit_code == 2);
  CHECK(again.output.find("already reached its budget") != std::string::npos);
}

TEST_CASE("resuming a run folder with damaged data names the file and offset and changes nothing") {
  amb::tests::scratch_dir dir("resume-damaged");
  const auto out = killed_run(dir, 4);

  struct damage {
    fs::path file;
    std::streamoff at;
  };
  const auto buffer_file = out / "buffer" / "trajectories-0.amblog";
  const auto policy_file = out / "checkpoint" / "policy.params";
  for (const damage& d :
       {damage{buffer_file, static_cast<std::streamoff>(fs::file_size(buffer_file) / 2)},
        damage{policy_file, 40}}) {
    CAPTURE(d.file);
    const auto original = contents(d.file);
    {
      std::fstream f(d.file, std::ios::in | std::ios::out | std::ios::binary);
      f.seekp(d.at);
      f.put(static_cast<char>(original[static_cast<size_t>(d.at)] ^ 0x20));
    }
    const auto damaged = contents(d.file);
    const auto result = run_amb("run --resume " + out.string());
    INFO(result.output);
    CHECK(result.exit_code == 2);
    CHECK(result.output.find(d.file.string() + " at byte ") != std::string::npos);
    CHECK(contents(d.file) == damaged);  // left as it was, for a person to look at
    CHECK_FALSE(fs::exists(out / "buffer" / "trajectories-1.amblog"));
    std::ofstream(d.file, std::ios::binary) << original;  // repair for the next case
  }
}

TEST_CASE("resuming a run folder with a file missing or forged names it and changes nothing") {
  amb::tests::scratch_dir dir("resume-forged");
  const auto out = killed_run(dir, 4);
  const auto checkpoint = out / "checkpoint";
  // Every file a started run has written is required: deleting one is not a fresh start.
  for (const auto& file : {checkpoint / "policy.params", checkpoint / "model.params",
                           checkpoint / "policy_learner.state.params", checkpoint / "run.json",
                           out / "buffer" / "trajectories-0.amblog"}) {
    CAPTURE(file);
    const auto original = contents(file);
    fs::remove(file);
    const auto result = run_amb("run --resume " + out.string());
    INFO(result.output);
    CHECK(result.exit_code == 2);
    CHECK(result.output.find(file.string() + " is missing") != std::string::npos);
    CHECK_FALSE(fs::exists(file));  // nothing written in its place
    CHECK_FALSE(fs::exists(out / "buffer" / "trajectories-1.amblog"));
    std::ofstream(file, std::ios::binary) << original;
  }
  // Valid JSON and valid checksums, but not this run's: a negative count, another
  // configuration than the buffer was written under.
  struct forgery {
    fs::path file;
    std::string from, to, reason;
  };
  for (const auto& f :
       {forgery{checkpoint / "run.json", "\"restarts\": 0", "\"restarts\": -1", "'restarts' is -1"},
        forgery{out / "params.json", "\"seed\": 1,", "\"seed\": 2,",
                "written by a run of another configuration"}}) {
    CAPTURE(f.file);
    const auto original = contents(f.file);
    auto forged = original;
    const auto at = forged.find(f.from);
    REQUIRE(at != std::string::npos);
    forged.replace(at, f.from.size(), f.to);
    std::ofstream(f.file, std::ios::binary) << forged;
    const auto result = run_amb("run --resume " + out.string());
    INFO(result.output);
    CHECK(result.exit_code == 2);
    CHECK(result.output.find(f.reason) != std::string::npos);
    CHECK(contents(f.file) == forged);
    CHECK_FALSE(fs::exists(out / "buffer" / "trajectories-1.amblog"));
    std::ofstream(f.file, std::ios::binary) << original;
  }
  // Repaired, it resumes.
  CHECK(run_amb("run --resume " + out.string()).exit_code == 0);
}
