#include <doctest/doctest.h>

#include <filesystem>

#include "apps/config_document.hpp"
#include "apps/run_config.hpp"

using namespace amb::apps;
using nlohmann::json;

TEST_CASE("no configuration gives the defaults; a file and --set override them in order") {
  auto defaults = resolve_run_config(json(), {});
  CHECK(defaults.env.name == "reacher");
  CHECK(defaults.algorithm == "me_trpo");
  auto c = resolve_run_config(
      json{{"env", {{"name", "hopper"}}}, {"budget", {{"trajectories", 5}}}},
      {"budget.trajectories=7", "policy.hidden=[32,16]", "env.pace_seconds=0.05"});
  CHECK(c.env.name == "hopper");
  CHECK(c.budget.trajectories == 7);
  CHECK(c.budget.env_steps == defaults.budget.env_steps);  // untouched keys keep their default
  CHECK(c.policy.hidden == std::vector<int>{32, 16});
  CHECK(c.env.pace_seconds == 0.05);
}

TEST_CASE("the default job is asynchronous ME-TRPO on HalfCheetah, paced") {
  const auto job = resolve_run_config(default_job(), {});
  CHECK(job.env.name == "half_cheetah");
  CHECK(job.env.pace_seconds > 0);
  CHECK(job.algorithm == "me_trpo");
  CHECK(job.mode == "async");
  // The built-in ensemble, not the paper's 3 x 512: the default job must learn within minutes.
  const run_config built_in;
  CHECK(job.model.hidden == built_in.model.hidden);
  CHECK(job.policy_learner.imagined_horizon == 200);  // HalfCheetah's episode length
  CHECK(job.budget.env_steps > 0);
}

TEST_CASE("the resolved configuration written out reads back as the same configuration") {
  auto c = resolve_run_config(json(), {"seed=99", "env.name=ant", "budget.wall_seconds=12.5"});
  auto again = resolve_run_config(to_json(c), {});
  CHECK(to_json(again) == to_json(c));
}

TEST_CASE("configuration errors name the key's path") {
  auto error_of = [](const json& user, std::vector<std::string> sets = {}) -> std::string {
    try {
      resolve_run_config(user, sets);
    } catch (const config_error& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK(error_of(json{{"env", {{"nmae", "hopper"}}}}).rfind("env.nmae: unknown key", 0) == 0);
  CHECK(error_of(json{{"budget", {{"env_steps", "many"}}}})
            .rfind("budget.env_steps: expected an integer, got a string", 0) == 0);
  CHECK(error_of(json{{"budget", {{"env_steps", 1.5}}}})
            .rfind("budget.env_steps: expected an integer", 0) == 0);
  CHECK(error_of(json{{"budget", {{"trajectories", -3}}}})
            .rfind("budget.trajectories: expected an integer", 0) == 0);
  CHECK(error_of(json{{"policy", {{"hidden", {64, "x"}}}}}).rfind("policy.hidden[1]", 0) == 0);
  CHECK(error_of(json{{"algorithm", "sac"}}).rfind("algorithm: unknown algorithm 'sac'", 0) == 0);
  CHECK(error_of(json{{"env", "hopper"}}).rfind("env: expected an object", 0) == 0);
  CHECK(error_of(json(), {"runtime.treads=4"}).rfind("runtime.treads: unknown key", 0) == 0);
  CHECK(error_of(json(), {"seed"}).find("expected key=value") != std::string::npos);
  CHECK(error_of(json(), {"env.name=cheetah"})
            .rfind("env.name: unknown environment 'cheetah'; valid:", 0) == 0);
  CHECK(error_of(json(), {"budget.env_steps=0", "budget.wall_seconds=0"}).rfind("budget:", 0) == 0);
  CHECK(error_of(json(), {"collectors.count=0"}).rfind("collectors.count:", 0) == 0);
  // A float is accepted where a float is expected even when written as an integer.
  CHECK(error_of(json{{"budget", {{"wall_seconds", 60}}}}) == "no error");
}

TEST_CASE("every configuration shipped in configs/ is valid") {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(AMB_SOURCE_DIR "/configs")) {
    if (entry.path().extension() != ".json") continue;
    CAPTURE(entry.path().string());
    CHECK_NOTHROW(resolve_run_config(read_json_file(entry.path().string()), {}));
    ++checked;
  }
  CHECK(checked >= 3);
}
