#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/commands.hpp"
#include "envs/registry.hpp"

namespace amb::apps {

int envs_command(const std::vector<std::string>& args) {
  bool as_json = false;
  for (const auto& arg : args) {
    if (arg == "--json") {
      as_json = true;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: amb envs [--json]\n\nLists the registered environments with their "
                   "observation and action sizes,\ncontrol period (simulated seconds per step) "
                   "and default horizon (steps).\n";
      return 0;
    } else {
      std::cerr << "amb envs: unknown option '" << arg << "'\n";
      return 2;
    }
  }
  nlohmann::json list = nlohmann::json::array();
  if (!as_json)
    std::printf("%-14s %7s %7s %15s %8s\n", "name", "obs_dim", "act_dim", "control_period",
                "horizon");
  for (const auto& name : envs::env_names()) {
    const auto info = envs::make_env(name)->info();
    if (as_json) {
      list.push_back({{"name", info.name},
                      {"obs_dim", info.obs_dim},
                      {"act_dim", info.act_dim},
                      {"control_period", info.control_period},
                      {"horizon", info.horizon}});
    } else {
      std::printf("%-14s %7d %7d %13.3f s %8d\n", info.name.c_str(), info.obs_dim, info.act_dim,
                  info.control_period, info.horizon);
    }
  }
  if (as_json) std::cout << list.dump(2) << "\n";
  return 0;
}

}  // namespace amb::apps
