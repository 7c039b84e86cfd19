#include <algorithm>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/commands.hpp"
#include "envs/registry.hpp"

namespace amb::apps {

namespace {

int list_envs(bool as_json) {
  nlohmann::json list = nlohmann::json::array();
  const auto names = envs::env_names();
  // The name column is as wide as the longest name, so that every row lines up.
  int name_width = 4;
  for (const auto& name : names) name_width = std::max(name_width, int(name.size()));
  if (!as_json)
    std::printf("%-*s %7s %7s %15s %8s\n", name_width, "name", "obs_dim", "act_dim",
                "control_period", "horizon");
  for (const auto& name : names) {
    const auto info = envs::make_env(name)->info();
    if (as_json) {
      list.push_back({{"name", info.name},
                      {"obs_dim", info.obs_dim},
                      {"act_dim", info.act_dim},
                      {"control_period", info.control_period},
                      {"horizon", info.horizon}});
    } else {
      std::printf("%-*s %7d %7d %13.3f s %8d\n", name_width, info.name.c_str(), info.obs_dim,
                  info.act_dim, info.control_period, info.horizon);
    }
  }
  if (as_json) std::cout << list.dump(2) << "\n";
  return 0;
}

}  // namespace

void add_envs_command(command_table& table) {
  auto* command = add_command(table.amb, "envs",
                              "List the environments: name, obs_dim, act_dim, control period, "
                              "horizon",
                              "The control period is simulated seconds per step, the horizon the "
                              "default episode length in steps.");
  auto as_json = std::make_shared<bool>(false);
  command->add_flag("--json", *as_json, "print the list as JSON");
  table.add(command, [as_json] { return list_envs(*as_json); });
}

}  // namespace amb::apps
