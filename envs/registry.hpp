#pragma once

#include <memory>
#include <string>
#include <vector>

#include "envs/env_options.hpp"
#include "envs/environment.hpp"

namespace amb::envs {

/// Makes the environment registered under `name`, paced when options.pace_seconds > 0.
/// Throws std::invalid_argument naming the valid environments when the name is unknown.
std::unique_ptr<environment> make_env(const std::string& name, const env_options& options = {});

/// The names of all registered environments, in registry order.
std::vector<std::string> env_names();

}  // namespace amb::envs
