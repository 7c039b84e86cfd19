#include "apps/run_config.hpp"

#include <algorithm>
#include <stdexcept>

#include "apps/config_document.hpp"
#include "envs/registry.hpp"

namespace amb::apps {

using nlohmann::json;

json to_json(const run_config& c) {
  return json{
      {"seed", c.seed},
      {"env",
       {{"name", c.env.name}, {"horizon", c.env.horizon}, {"pace_seconds", c.env.pace_seconds}}},
      {"budget",
       {{"trajectories", c.budget.trajectories},
        {"env_steps", c.budget.env_steps},
        {"wall_seconds", c.budget.wall_seconds}}},
      {"collectors",
       {{"count", c.collectors.count},
        {"policy",
         {{"hidden", c.collectors.policy.hidden},
          {"init_log_std", c.collectors.policy.init_log_std}}}}},
      {"buffer", {{"capacity_steps", c.buffer.capacity_steps}, {"max_pull", c.buffer.max_pull}}},
      {"runtime",
       {{"threads", c.runtime.threads},
        {"progress_seconds", c.runtime.progress_seconds},
        {"request_timeout_seconds", c.runtime.request_timeout_seconds}}},
  };
}

namespace {

run_config from_json(const json& j) {
  run_config c;
  c.seed = j["seed"];
  c.env.name = j["env"]["name"];
  c.env.horizon = j["env"]["horizon"];
  c.env.pace_seconds = j["env"]["pace_seconds"];
  c.budget.trajectories = j["budget"]["trajectories"];
  c.budget.env_steps = j["budget"]["env_steps"];
  c.budget.wall_seconds = j["budget"]["wall_seconds"];
  c.collectors.count = j["collectors"]["count"];
  c.collectors.policy.hidden = j["collectors"]["policy"]["hidden"].get<std::vector<int>>();
  c.collectors.policy.init_log_std = j["collectors"]["policy"]["init_log_std"];
  c.buffer.capacity_steps = j["buffer"]["capacity_steps"];
  c.buffer.max_pull = j["buffer"]["max_pull"];
  c.runtime.threads = j["runtime"]["threads"];
  c.runtime.progress_seconds = j["runtime"]["progress_seconds"];
  c.runtime.request_timeout_seconds = j["runtime"]["request_timeout_seconds"];
  return c;
}

void require(bool ok, const std::string& message) {
  if (!ok) throw config_error(message);
}

void check_values(const run_config& c) {
  const auto names = envs::env_names();
  if (std::find(names.begin(), names.end(), c.env.name) == names.end()) {
    std::string valid;
    for (const auto& n : names) valid += (valid.empty() ? "" : ", ") + n;
    throw config_error("env.name: unknown environment '" + c.env.name + "'; valid: " + valid);
  }
  require(c.env.horizon >= 0, "env.horizon: must be 0 (task default) or positive");
  require(c.env.pace_seconds >= 0, "env.pace_seconds: must not be negative");
  require(c.budget.trajectories > 0 || c.budget.env_steps > 0 || c.budget.wall_seconds > 0,
          "budget: set at least one of trajectories, env_steps, wall_seconds above 0");
  require(c.budget.wall_seconds >= 0, "budget.wall_seconds: must not be negative");
  require(c.collectors.count >= 1, "collectors.count: must be at least 1");
  for (size_t i = 0; i < c.collectors.policy.hidden.size(); ++i)
    require(c.collectors.policy.hidden[i] > 0,
            "collectors.policy.hidden[" + std::to_string(i) + "]: must be positive");
  require(c.buffer.capacity_steps > 0, "buffer.capacity_steps: must be positive");
  require(c.buffer.max_pull > 0, "buffer.max_pull: must be positive");
  require(c.runtime.threads >= 1, "runtime.threads: must be at least 1");
  require(c.runtime.progress_seconds > 0, "runtime.progress_seconds: must be positive");
  require(c.runtime.request_timeout_seconds > 0,
          "runtime.request_timeout_seconds: must be positive");
}

}  // namespace

run_config resolve_run_config(const json& user, const std::vector<std::string>& sets) {
  json doc = to_json(run_config{});
  if (!user.is_null()) doc = overlay_checked(doc, user);
  for (const auto& assignment : sets) apply_assignment(doc, assignment);
  run_config config = from_json(doc);
  check_values(config);
  return config;
}

}  // namespace amb::apps
