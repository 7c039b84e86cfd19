// Does it learn: asynchronous ME-TRPO and MAAC runs on the reacher and a sequential NAF run on
// the cart-pole, through the real amb binary.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "envs/registry.hpp"

namespace fs = std::filesystem;

namespace {

// eval_return column of progress_evaluator.csv, in order.
std::vector<double> evaluation_returns(const fs::path& csv) {
  std::ifstream in(csv);
  REQUIRE(in.good());
  std::string line;
  std::getline(in, line);
  REQUIRE(line.rfind("time,eval_return,", 0) == 0);
  std::vector<double> returns;
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string time, value;
    std::getline(fields, time, ',');
    std::getline(fields, value, ',');
    returns.push_back(std::stod(value));
  }
  return returns;
}

// Mean return of uniformly random actions on a task: the floor learning must clear.
double random_policy_return(const std::string& task, int episodes) {
  auto env = amb::envs::make_env(task);
  const auto& info = env->info();
  std::mt19937_64 rng(1);
  double total = 0;
  for (int e = 0; e < episodes; ++e) {
    env->reset(e);
    for (;;) {
      std::vector<float> action(info.act_dim);
      for (int i = 0; i < info.act_dim; ++i)
        action[i] = std::uniform_real_distribution<float>(info.act_low[i], info.act_high[i])(rng);
      auto r = env->step(action);
      total += r.reward;
      if (r.truncated) break;
    }
  }
  return total / episodes;
}

// A seeded run of `config` with a fixed amount of data (paced so that the learners keep up)
// must end well above where it started and above random actions.
void check_learns(const std::string& config, const std::string& task, int env_steps,
                  const std::string& sets = "") {
  const fs::path out =
      fs::temp_directory_path() / ("amb-learning-test-" + std::to_string(::getpid()));
  fs::remove_all(out);
  const std::string command = std::string(AMB_BINARY) + " run " + AMB_SOURCE_DIR + "/configs/" +
                              config + " --out " + out.string() +
                              " --set budget.env_steps=" + std::to_string(env_steps) +
                              " --set evaluation.interval_seconds=2"
                              " --set evaluation.episodes=5" +
                              sets + " > " + out.string() + ".log 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  const auto returns = evaluation_returns(out / "progress_evaluator.csv");
  REQUIRE(returns.size() >= 5);
  const double initial = returns.front();  // θ v1, before any learning
  const double final =
      (returns[returns.size() - 1] + returns[returns.size() - 2] + returns[returns.size() - 3]) / 3;
  const double random = random_policy_return(task, 20);
  INFO("initial " << initial << ", final " << final << ", random " << random);
  const bool improved = final > initial + 2.0;
  const bool above_random = final > random + 20.0;
  CHECK(improved);
  CHECK(above_random);
  if (improved && above_random) {
    fs::remove_all(out);
    fs::remove(out.string() + ".log");
  } else {
    // An asynchronous run fails rarely and not on demand: keep what it wrote, and show the
    // curve where the folder does not outlive the machine (CI).
    std::ostringstream curve;
    for (double r : returns) curve << ' ' << r;
    MESSAGE("evaluation returns:" << curve.str() << "; the run's folder and log are kept at "
                                  << out.string());
  }
}

}  // namespace

TEST_CASE("asynchronous ME-TRPO on the reacher improves its evaluation return far above random" *
          doctest::test_suite("alone")) {
  check_learns("reacher_async_me_trpo.json", "reacher", 4000);
}

TEST_CASE("asynchronous MAAC on the reacher improves its evaluation return far above random" *
          doctest::test_suite("alone")) {
  // The return of the policy's mean action; the planner's would slow the learners beside it.
  check_learns("reacher_async_maac.json", "reacher", 4000,
               " --set evaluation.other_policies=false");
}

TEST_CASE("sequential NAF on the cart-pole improves its evaluation return far above random") {
  // NAF's swing-up takes off after 100 to 4600 steps, by seed and by CPU (seeds 1 to 4 on one
  // machine, 8000 steps each); seed 1 still hung at 4000 on an AVX-512 machine, where it had
  // passed on others, so the budget leaves room past the latest take-off seen.
  check_learns("cartpole_sequential_naf.json", "cartpole", 7000);
}
