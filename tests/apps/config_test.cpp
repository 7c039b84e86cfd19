#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include "apps/config_document.hpp"
#include "apps/run_config.hpp"
#include "config/json_fields.hpp"
#include "learners/registry.hpp"
#include "tests/amb_command.hpp"

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
  CHECK(c.algorithm_settings["policy"]["hidden"] == json{32, 16});
  CHECK(c.env.pace_seconds == 0.05);
  // A file that wrote a real-valued key as an integer (configs/pr2_*: "pace_seconds": 0) still
  // takes a real number from --set; an integer key still refuses one.
  const auto paced =
      resolve_run_config(json{{"env", {{"pace_seconds", 0}}}}, {"env.pace_seconds=0.5"});
  CHECK(paced.env.pace_seconds == 0.5);
  CHECK_THROWS_WITH(
      resolve_run_config(json{{"budget", {{"trajectories", 5}}}}, {"budget.trajectories=5.5"}),
      doctest::Contains("budget.trajectories: expected an integer, got 5.5"));
}

TEST_CASE("an integer key takes a whole number written as a real one, and refuses what is not") {
  // 1e6 steps is a million steps, from --set and from a file alike.
  const auto c = resolve_run_config(json{{"budget", {{"trajectories", 2e3}}}},
                                    {"budget.env_steps=1e6", "seed=-0.0"});
  CHECK(c.budget.env_steps == 1000000);
  CHECK(c.budget.trajectories == 2000);
  CHECK(c.seed == 0);
  auto error_of = [](std::vector<std::string> sets) -> std::string {
    try {
      resolve_run_config(json(), sets);
    } catch (const config_error& e) {
      return e.what();
    }
    return "no error";
  };
  // A whole real number still meets the key's range.
  CHECK(error_of({"budget.env_steps=-1e3"}).rfind("budget.env_steps: must be in [0, ", 0) == 0);
  CHECK(error_of({"local_models.modes=1e2", "algorithm=naf"}) ==
        "local_models.modes: must be in [1, 64], got 100.0");
  // Past 2^53 a double skips integers, so the number read may not be the one written; digits
  // beyond 64 bits are read as such a double too.
  CHECK(error_of({"seed=1e17"}) ==
        "seed: expected an integer, got 1e+17, too large to be held exactly");
  CHECK(error_of({"seed=99999999999999999999999"}) ==
        "seed: expected an integer, got 9.999999999999999e+22, too large to be held exactly");
  CHECK(error_of({"seed=18446744073709551615"}) == "no error");  // the largest seed, as digits
  CHECK(error_of({"seed=-1e3"}) == "seed: must be in [0, 18446744073709551615], got -1000.0");
  CHECK(error_of({"seed=2.5e0"}) == "seed: expected an integer, got 2.5");
}

namespace {

struct integer_widths {
  int32_t narrow = 0;
  int64_t wide = 0;
};

template <class Visit>
void visit_fields(integer_widths& c, Visit&& v) {
  v("narrow", c.narrow);
  v("wide", c.wide);
}

}  // namespace

TEST_CASE("an integer key takes every value of its type and refuses the next, in digits") {
  auto error_of = [](const json& j) -> std::string {
    try {
      amb::config::from_json<integer_widths>(j);
    } catch (const config_error& e) {
      return e.what();
    }
    return "no error";
  };
  const auto limits =
      amb::config::from_json<integer_widths>(json{{"narrow", -2147483648LL}, {"wide", INT64_MAX}});
  CHECK(limits.narrow == INT32_MIN);
  CHECK(limits.wide == INT64_MAX);
  CHECK(error_of(json{{"narrow", 2147483648LL}}) ==
        "narrow: must be in [-2147483648, 2147483647], got 2147483648");
  // 2^63 is one past int64's largest; as doubles the two bounds are equal, and it used to pass
  // and wrap to a negative number.
  CHECK(error_of(json{{"wide", uint64_t{1} << 63}}) ==
        "wide: must be in [-9223372036854775808, 9223372036854775807], got 9223372036854775808");
}

TEST_CASE("the default job is asynchronous ME-TRPO on HalfCheetah, paced") {
  const auto job = resolve_run_config(default_job(), {});
  CHECK(job.env.name == "half_cheetah");
  CHECK(job.env.pace_seconds > 0);
  CHECK(job.algorithm == "me_trpo");
  CHECK(job.mode == "async");
  // The built-in ensemble, not the paper's 3 x 512: the default job must learn within minutes.
  const auto built_in = resolve_run_config(json(), {});
  CHECK(job.algorithm_settings["model"]["hidden"] ==
        built_in.algorithm_settings["model"]["hidden"]);
  CHECK(job.algorithm_settings["model"]["hidden"] != json{512, 512, 512});
  // HalfCheetah's episode length
  CHECK(job.algorithm_settings["policy_learner"]["imagined_horizon"] == 200);
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
  // A negative count is out of its range, said so with the range (not "expected an integer,
  // got an integer").
  CHECK(error_of(json{{"budget", {{"trajectories", -3}}}})
            .rfind("budget.trajectories: must be in [0, ", 0) == 0);
  CHECK(error_of(json(), {"seed=-1"}) == "seed: must be in [0, 18446744073709551615], got -1");
  // Every layer in range, but the networks as a whole would not fit the machine.
  CHECK(error_of(json(), {"model.members=64", "model.hidden=[4096,4096,4096,4096]"}) ==
        "model.hidden: hidden layers this wide hold about 3.3e+09 weights over all members; at "
        "most 2.5e+07 fit (100 MB)");
  CHECK(error_of(json(), {"policy.hidden=[4096,4096,4096]"})
            .rfind("policy.hidden: hidden layers this wide hold about 3.4e+07 weights;", 0) == 0);
  CHECK(error_of(json(), {"model.hidden=[512,512,512]"}) == "no error");  // the paper's
  // Imagined paths and their horizon, each in range, multiply past what a policy step can hold.
  CHECK(error_of(json(), {"policy_learner.imagined_paths=100000",
                          "policy_learner.imagined_horizon=100000"}) ==
        "policy_learner.imagined_paths: 100000 paths of imagined_horizon 100000 steps are 1e+10 "
        "imagined steps per policy step; at most 1e+06 fit (about 1 GB)");
  CHECK(error_of(json(), {"policy_learner.imagined_paths=5000",
                          "policy_learner.imagined_horizon=200"}) == "no error");
  // Only binding means something by port 0 or no host; a robot is sent to.
  CHECK(error_of(json(), {"env.name=pr2_reach", "env.robot=127.0.0.1:0"}) ==
        "env.robot: '127.0.0.1:0': port 0 is no peer's port; want 1..65535");
  CHECK(error_of(json(), {"env.name=pr2_reach", "env.robot=:7400"}) ==
        "env.robot: ':7400': no host; want HOST:PORT of the robot");
  CHECK(error_of(json(), {"model.min_log_var=1", "model.max_log_var=0.5"})
            .rfind("model.min_log_var: must be below max_log_var", 0) == 0);
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

TEST_CASE("every numeric key of every algorithm refuses a value beyond its range, naming the key") {
  auto error_of = [](const std::string& algorithm, const std::string& assignment) -> std::string {
    try {
      resolve_run_config(json(), {"algorithm=" + algorithm, assignment});
    } catch (const config_error& e) {
      return e.what();
    }
    return "no error";
  };
  for (const auto& algorithm : amb::learners::algorithm_names()) {
    const auto doc = to_json(resolve_run_config(json(), {"algorithm=" + algorithm}));
    int checked = 0;
    const auto leaves = doc.flatten();
    for (const auto& [pointer, value] : leaves.items()) {
      if (!value.is_number() || pointer == "/seed") continue;  // a seed may be any uint64
      // Far past every key's upper bound, yet a valid JSON value of the key's kind: the
      // integer wraps to 1 in a 32-bit int, the number runs a loop forever as a duration.
      const json beyond =
          value.is_number_integer() ? json(uint64_t{4294967297} * 1000000000) : json(1e300);
      std::string key = pointer.substr(1), shown;
      json assigned = beyond;
      if (const auto slash = key.rfind('/');
          slash != std::string::npos && std::isdigit(key[slash + 1])) {  // a list's element
        const json::json_pointer list_pointer("/" + key.substr(0, slash));
        assigned = doc[list_pointer];
        const auto index = std::stoul(key.substr(slash + 1));
        assigned[index] = beyond;
        shown = "[" + std::to_string(index) + "]";
        key = key.substr(0, slash);
      }
      std::replace(key.begin(), key.end(), '/', '.');
      CAPTURE(algorithm);
      CAPTURE(key);
      const auto error = error_of(algorithm, key + "=" + assigned.dump());
      CHECK(error.rfind(key + shown + ": must be in ", 0) == 0);
      ++checked;
    }
    CHECK(checked > 20);
  }
}

TEST_CASE("an algorithm's sections are the keys it takes, and another algorithm's are unknown") {
  // The model-free algorithms have no model: a model key is refused, naming the key.
  for (const auto& algorithm : amb::learners::algorithm_names()) {
    const auto doc = to_json(resolve_run_config(json(), {"algorithm=" + algorithm}));
    const bool has_model = doc.contains("model");
    CAPTURE(algorithm);
    if (has_model) {
      CHECK_NOTHROW(resolve_run_config(json(), {"algorithm=" + algorithm, "model.members=3"}));
    } else {
      CHECK_THROWS_WITH_AS(
          resolve_run_config(json(), {"algorithm=" + algorithm, "model.members=3"}),
          doctest::Contains("model: a section of algorithm 'me_"), config_error);
    }
  }
}

TEST_CASE(
    "a configuration file that is deep, repeats a key, overflows a double, is null or no regular "
    "file is refused") {
  amb::tests::scratch_dir dir("config-files");
  auto file = [&](const std::string& name, const std::string& text) {
    const auto path = (dir.path / name).string();
    std::ofstream(path) << text;
    return path;
  };
  auto error_of = [](const std::string& path) -> std::string {
    try {
      read_json_file(path);
    } catch (const config_error& e) {
      return e.what();
    }
    return "no error";
  };
  // 60000 levels crashed the reader with SIGSEGV.
  const auto deep = file("deep.json", std::string(60000, '[') + std::string(60000, ']'));
  CHECK(error_of(deep) == deep + ": nested deeper than 32 levels");
  const auto deep_object = file(
      "deep-object.json", "{\"seed\": " + std::string(40, '[') + "1" + std::string(40, ']') + "}");
  CHECK(error_of(deep_object) == deep_object + ": nested deeper than 32 levels");
  // The parser kept the last of two equal keys: a section was dropped silently.
  const auto twice = file("twice.json", R"({"env": {"name": "ant"}, "env": {"name": "hopper"}})");
  CHECK(error_of(twice) == twice + ": the key 'env' appears twice in one object");
  const auto twice_inside =
      file("twice-inside.json", R"({"env": {"name": "ant", "name": "hopper"}})");
  CHECK(error_of(twice_inside) == twice_inside + ": the key 'name' appears twice in one object");
  // A document of null ran the defaults.
  const auto null_doc = file("null.json", "null");
  CHECK(error_of(null_doc) == null_doc + ": expected a JSON object, got null");
  // A FIFO blocked the reader forever.
  const auto fifo = (dir.path / "fifo.json").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(error_of(fifo) == fifo + ": not a regular file");
  CHECK(error_of((dir.path / "missing.json").string()).find("no such file") != std::string::npos);
  // A --set value is held to the same depth.
  CHECK_THROWS_WITH_AS(
      resolve_run_config(json(), {"policy.hidden=" + std::string(50, '[') + std::string(50, ']')}),
      "--set policy.hidden: nested deeper than 32 levels", config_error);
  // A number JSON can write but no double can hold escaped as an internal error (exit code 1).
  const auto huge = file("huge.json", R"({"policy_learner": {"learning_rate": 1e400}})");
  CHECK(error_of(huge).rfind(huge + ": a number beyond the range of a double: ", 0) == 0);
  CHECK_THROWS_WITH_AS(
      resolve_run_config(json(), {"policy_learner.max_kl=1e400"}),
      doctest::Contains("--set policy_learner.max_kl: a number beyond the range of a double"),
      config_error);
  // A well-formed file still reads.
  CHECK(error_of(file("fine.json", R"({"env": {"name": "ant"}, "seed": 3})")) == "no error");
}
