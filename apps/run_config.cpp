#include "apps/run_config.hpp"

#include <algorithm>

#include "actors/fault_injection.hpp"
#include "apps/config_document.hpp"
#include "config/json_fields.hpp"
#include "envs/registry.hpp"
#include "hw/udp_endpoint.hpp"
#include "learners/registry.hpp"

namespace amb::apps {

using config::interval;
using config::one_of;
using nlohmann::json;

// Each key of a run configuration, once: its name, its field (whose initialiser is the
// default) and its valid values. The algorithm's own sections are declared by the algorithm.

template <class Visit>
void visit_fields(run_config::env_section& c, Visit&& v) {
  v("name", c.name, one_of{"environment", envs::env_names()});
  v("horizon", c.horizon, interval::closed(0, 1e6));
  v("pace_seconds", c.pace_seconds, interval::closed(0, 3600));
  v("robot", c.robot);
}

template <class Visit>
void visit_fields(run_config::collectors_section& c, Visit&& v) {
  v("count", c.count, interval::closed(1, 256));
}

template <class Visit>
void visit_fields(run_config::evaluation_section& c, Visit&& v) {
  v("interval_seconds", c.interval_seconds, interval::closed(0, 1e6));
  v("episodes", c.episodes, interval::closed(1, 10000));
  v("other_policies", c.other_policies);
}

template <class Visit>
void visit_fields(run_config::buffer_section& c, Visit&& v) {
  v("capacity_steps", c.capacity_steps, interval::closed(1, 1e10));
  v("max_pull", c.max_pull, interval::closed(1, 100000));
}

template <class Visit>
void visit_fields(run_config::supervision_section& c, Visit&& v) {
  v("max_restarts", c.max_restarts, interval::closed(0, 1e6));
  v("within_seconds", c.within_seconds, interval::above(0, 1e7));
  v("backoff_initial_seconds", c.backoff_initial_seconds, interval::closed(0, 3600));
  v("backoff_max_seconds", c.backoff_max_seconds, interval::closed(0, 3600));
  v("stall_seconds", c.stall_seconds, interval::above(0, 1e6));
}

template <class Visit>
void visit_fields(run_config::record_section& c, Visit&& v) {
  v("enabled", c.enabled);
  // A segment stays well under CAF's 4 GiB message limit and the log format's offsets.
  v("segment_megabytes", c.segment_megabytes, interval::closed(1, 4096));
}

template <class Visit>
void visit_fields(run_config::checkpoint_section& c, Visit&& v) {
  v("interval_seconds", c.interval_seconds, interval::above(0, 1e6));
}

template <class Visit>
void visit_fields(run_config::runtime_section& c, Visit&& v) {
  v("threads", c.threads, interval::closed(1, 256));
  v("torch_threads", c.torch_threads, interval::closed(1, 256));
  v("progress_seconds", c.progress_seconds, interval::above(0, 3600));
  v("request_timeout_seconds", c.request_timeout_seconds, interval::above(0, 86400));
}

template <class Visit>
void visit_fields(run_config& c, Visit&& v) {
  v("seed", c.seed);
  v("env", c.env);
  v("budget", c.budget);
  v("algorithm", c.algorithm, one_of{"algorithm", learners::algorithm_names()});
  v("mode", c.mode, one_of{"mode", {"async", "sequential"}});
  v("sequential", c.sequential);
  v("collectors", c.collectors);
  v("evaluation", c.evaluation);
  v("buffer", c.buffer);
  v("supervision", c.supervision);
  v("faults", c.faults);
  v("record", c.record);
  v("checkpoint", c.checkpoint);
  v("runtime", c.runtime);
}

json to_json(const run_config& c) {
  auto doc = config::to_json(c);
  doc.update(c.algorithm_settings);
  return doc;
}

std::string describe_keys() {
  std::string text;
  auto list = [&](const std::vector<config::key_description>& keys) {
    for (const auto& k : keys) {
      std::string line = "  " + k.key;
      line.resize(std::max<size_t>(line.size() + 2, 42), ' ');
      line += k.default_value;
      line.resize(std::max<size_t>(line.size() + 2, 62), ' ');
      text += line + k.valid + "\n";
    }
  };
  text += "Keys of every run (key, built-in value, valid values):\n";
  list(config::describe(run_config{}));
  for (const auto& name : learners::algorithm_names()) {
    const auto& algorithm = learners::find_algorithm(name);
    text += "\nalgorithm " + name + " (" + algorithm.summary + "):\n";
    list(algorithm.describe_settings());
  }
  return text;
}

namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw config_error(message);
}

// What the keys' own valid values cannot say: how keys go together.
void check_combinations(const run_config& c) {
  if (!c.env.robot.empty()) {
    require(c.env.name.rfind("pr2_", 0) == 0,
            "env.robot: set, but '" + c.env.name +
                "' is not a robot task; robot tasks: pr2_reach, pr2_insert, pr2_stack");
    require(c.collectors.count == 1,
            "collectors.count: must be 1 with env.robot (one arm, one hardware actor)");
    try {
      hw::parse_udp_destination(c.env.robot);
    } catch (const std::invalid_argument& e) {
      throw config_error(std::string("env.robot: ") + e.what());
    }
  }
  require(c.budget.trajectories > 0 || c.budget.env_steps > 0 || c.budget.wall_seconds > 0,
          "budget: set at least one of trajectories, env_steps, wall_seconds above 0");
  require(c.supervision.backoff_max_seconds >= c.supervision.backoff_initial_seconds,
          "supervision.backoff_max_seconds: must be at least backoff_initial_seconds");
  for (size_t i = 0; i < c.faults.size(); ++i) {
    try {
      actors::parse_fault(c.faults[i]);
    } catch (const std::invalid_argument& e) {
      throw config_error("faults[" + std::to_string(i) + "]: " + e.what());
    }
  }
}

// The algorithm a configuration names: the last --set algorithm=..., else the user's document's,
// else the built-in one. Its sections are part of the schema the user's keys are checked against.
std::string algorithm_named(const json& user, const std::vector<std::string>& sets) {
  std::string name = run_config{}.algorithm;
  if (user.is_object() && user.contains("algorithm") && user["algorithm"].is_string())
    name = user["algorithm"].get<std::string>();
  const std::string key = "algorithm=";
  for (const auto& assignment : sets)
    if (assignment.rfind(key, 0) == 0) name = assignment.substr(key.size());
  return name;
}

// A top-level key of `user` or of a --set that is a section of another registered algorithm but
// not of `name`'s: said so, rather than as an unknown key.
void refuse_foreign_sections(const std::string& name, const json& sections, const json& user,
                             const std::vector<std::string>& sets) {
  std::vector<std::string> keys;
  if (user.is_object())
    for (const auto& [key, value] : user.items()) keys.push_back(key);
  for (const auto& assignment : sets)
    keys.push_back(assignment.substr(0, assignment.find_first_of(".=")));
  const auto common = to_json(run_config{});
  for (const auto& key : keys) {
    if (common.contains(key) || sections.contains(key)) continue;
    for (const auto& other : learners::algorithm_names())
      if (learners::find_algorithm(other).settings_defaults().contains(key))
        throw config_error(key + ": a section of algorithm '" + other + "', not of '" + name +
                           "', whose own sections are: " + config::join_keys(sections));
  }
}

}  // namespace

json default_job() {
  // HalfCheetah as in the paper (200-step episodes, 50 imagined paths of 200 steps), but made
  // to show learning within a few minutes rather than ten on 2 cores
  // (configs/half_cheetah_async_me_trpo.json is the paper's setting):
  // - the built-in ensemble of 2 x 200 rather than the paper's 3 x 512: the policy learner's
  //   steps are bound by imagination through the model, and on a machine with half the
  //   reference GEMM rate the paper's model allowed 97 TRPO steps in 5 minutes and no learning
  //   (evaluation -2.1), the smaller one about 370 and final evaluations of 32 to 294;
  // - the built-in KL step of 0.01 (the paper's sequential one) rather than its asynchronous
  //   0.001, with which the policy barely moves in the first ten minutes;
  // - collection paced at 0.01 s a step instead of the robot-like 0.05, so that data arrives
  //   fast enough for the larger policy steps not to run ahead into what the model has not seen
  //   (at 0.05 s they did: imagined returns in the thousands, real ones falling).
  return {{"env", {{"name", "half_cheetah"}, {"pace_seconds", 0.01}}},
          {"budget", {{"env_steps", 30000}, {"wall_seconds", 0.0}}},
          {"policy_learner", {{"imagined_horizon", 200}}}};
}

run_config resolve_run_config(const json& user, const std::vector<std::string>& sets) {
  const auto name = algorithm_named(user, sets);
  const auto& algorithm = learners::find_algorithm(name);
  const json sections = algorithm.settings_defaults();
  refuse_foreign_sections(name, sections, user, sets);
  json doc = to_json(run_config{});
  doc.update(sections);
  if (!user.is_null()) doc = overlay_checked(doc, user);
  for (const auto& assignment : sets) apply_assignment(doc, assignment);

  json settings = json::object();
  for (const auto& [key, value] : sections.items()) {
    settings[key] = doc[key];
    doc.erase(key);
  }
  auto config = config::from_json<run_config>(doc);
  config.sequential.enabled = config.mode == "sequential";
  algorithm.check_settings(settings);
  config.algorithm_settings = std::move(settings);
  check_combinations(config);
  return config;
}

}  // namespace amb::apps
