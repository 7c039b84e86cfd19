#include "envs/registry.hpp"

#include <chrono>
#include <stdexcept>
#include <utility>

#include "envs/ant.hpp"
#include "envs/cartpole.hpp"
#include "envs/half_cheetah.hpp"
#include "envs/hopper.hpp"
#include "envs/paced_env.hpp"
#include "envs/pr2_arm.hpp"
#include "envs/reacher.hpp"
#include "envs/walker2d.hpp"

namespace amb::envs {

namespace {

using factory = std::unique_ptr<environment> (*)(const env_options&);

// Adding an environment: one file pair and one line here.
const std::vector<std::pair<std::string, factory>>& registry() {
  static const std::vector<std::pair<std::string, factory>> entries = {
      {"half_cheetah", make_half_cheetah}, {"hopper", make_hopper},
      {"walker2d", make_walker2d},         {"ant", make_ant},
      {"reacher", make_reacher},           {"pr2_reach", make_pr2_reach},
      {"pr2_insert", make_pr2_insert},     {"pr2_stack", make_pr2_stack},
      {"cartpole", make_cartpole},         {"reacher_single_target", make_reacher_single_target},
      {"reacher3", make_reacher3},         {"reacher3_single_target", make_reacher3_single_target},
  };
  return entries;
}

}  // namespace

std::unique_ptr<environment> make_env(const std::string& name, const env_options& options) {
  for (const auto& [entry_name, make] : registry()) {
    if (entry_name != name) continue;
    auto env = make(options);
    if (options.pace_seconds > 0)
      return std::make_unique<paced_env>(std::move(env),
                                         std::chrono::duration<double>(options.pace_seconds));
    return env;
  }
  std::string valid;
  for (const auto& entry : registry()) valid += (valid.empty() ? "" : ", ") + entry.first;
  throw std::invalid_argument("unknown environment '" + name + "'; valid: " + valid);
}

std::vector<std::string> env_names() {
  std::vector<std::string> names;
  for (const auto& entry : registry()) names.push_back(entry.first);
  return names;
}

}  // namespace amb::envs
