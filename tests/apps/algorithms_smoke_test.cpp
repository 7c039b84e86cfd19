// Every algorithm end to end through the amb binary: a tiny run that must take policy steps,
// push new θ versions and crash nothing (the learning test covers me_trpo's learning itself).
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/amb_command.hpp"

namespace fs = std::filesystem;

namespace {

// `settings`: more --set options. `other_policy`: the column of the second policy the evaluator
// scores, if any ("mpc", "ilqg", "adapted").
void smoke(const std::string& algorithm, const std::string& mode = "async",
           const std::string& settings = "", const std::string& other_policy = "") {
  const fs::path out = fs::temp_directory_path() /
                       ("amb-smoke-" + algorithm + "-" + mode + "-" + std::to_string(::getpid()));
  fs::remove_all(out);
  const bool model_based = algorithm.rfind("me_", 0) == 0 || algorithm == "mb_mpo" ||
                           algorithm == "maac" || algorithm == "naf";
  // Small models and few imagined paths: the run tests the plumbing, not the learning.
  std::string small_imagination = " --set model.hidden=[32,32]";
  if (algorithm == "mb_mpo")
    small_imagination +=
        " --set policy_learner.meta_batch=5 --set policy_learner.rollouts_per_task=4";
  else if (algorithm == "maac")
    small_imagination +=
        " --set networks.policy_hidden=[32] --set networks.critic_hidden=[32]"
        " --set policy_learner.batch_size=32 --set mpc.population=16 --set mpc.elites=4";
  else if (algorithm == "naf")  // its models are local linear ones, fitted every 2 episodes
    small_imagination = " --set networks.hidden=[32] --set local_models.episodes=2";
  else
    small_imagination += " --set policy_learner.imagined_paths=10";
  const std::string command = std::string(AMB_BINARY) + " run " + amb::tests::reacher_task_config +
                              " --out " + out.string() + " --set algorithm=" + algorithm +
                              " --set mode=" + mode +
                              " --set env.pace_seconds=0.002 --set budget.env_steps=2000" +
                              (model_based ? small_imagination : "") +
                              " --set sequential.episodes=10 --set sequential.policy_steps=2"
                              " --set sequential.max_epochs=5" +
                              settings + " > " + out.string() + ".log 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  std::ifstream summary_file(out / "summary.json");
  const auto summary = nlohmann::json::parse(summary_file);
  CHECK(summary["crashes"] == 0);
  CHECK(summary["policy_version"].get<int>() > 1);  // the policy learner pushed θ
  CHECK(fs::exists(out / "progress_policy_learner.csv"));
  CHECK(fs::exists(out / "progress_model_learner.csv") == model_based);
  std::ifstream evaluations(out / "progress_evaluator.csv");
  std::string header;
  std::getline(evaluations, header);
  for (const std::string label : {"mpc", "ilqg", "adapted"})
    CHECK((header.find(",eval_return_" + label) != std::string::npos) == (label == other_policy));
  fs::remove_all(out);
  fs::remove(out.string() + ".log");
}

}  // namespace

TEST_CASE("me_ppo runs end to end") {
  smoke("me_ppo");
}
TEST_CASE("model-free trpo runs end to end") {
  smoke("trpo");
}
TEST_CASE("model-free ppo runs end to end") {
  smoke("ppo");
}
TEST_CASE("sequential me_ppo runs end to end") {
  smoke("me_ppo", "sequential");
}
TEST_CASE("mb_mpo runs end to end") {
  smoke("mb_mpo", "async", "", "adapted");  // the evaluator also scores the adapted policies
}
TEST_CASE("sequential mb_mpo runs end to end") {
  smoke("mb_mpo", "sequential", "", "adapted");
}
TEST_CASE("maac runs end to end") {
  smoke("maac", "async", "", "mpc");  // the evaluator also scores its planner
}
TEST_CASE("sequential maac runs end to end") {
  smoke("maac", "sequential", "", "mpc");
}
TEST_CASE("naf runs end to end, half its episodes acted by the iLQG controller") {
  smoke("naf", "async", " --set ilqg.episode_fraction=0.5", "ilqg");
}
TEST_CASE("sequential naf runs end to end") {
  smoke("naf", "sequential");
}
