#pragma once

// An algorithm as the registry (learners/registry.hpp) knows it: its configuration sections,
// its learners, its acting policy and its initial θ. Everything outside learners/ works with
// this description and never with an algorithm's name.

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/json_fields.hpp"
#include "learners/acting_policy.hpp"
#include "learners/learner.hpp"

namespace amb::learners {

struct algorithm {
  std::string summary;  // one line for amb run --help

  /// Its configuration sections with their built-in values (top-level keys of a run
  /// configuration, such as "policy", "model", "policy_learner").
  std::function<nlohmann::json()> settings_defaults;
  /// Checks resolved sections; throws config::config_error naming the key's path.
  std::function<void(const nlohmann::json&)> check_settings;
  /// Every key of its sections with its built-in value and valid values, for --help.
  std::function<std::vector<config::key_description>()> describe_settings;

  std::optional<learner_slot> model_learner;   // none: no model is learnt
  std::optional<learner_slot> policy_learner;  // none: collectors act with the initial θ
  acting_policy_factory make_acting_policy;
  /// θ version 1, served before any collector starts.
  std::function<parameter_set(const learner_context&)> initial_policy;
};

/// settings_defaults and check_settings of an algorithm whose sections are the fields of
/// `Settings` (declared once with visit_fields, config/fields.hpp).
template <class Settings>
void declare_settings(algorithm& a) {
  static const Settings built_in;
  a.settings_defaults = [] { return config::to_json(built_in); };
  a.check_settings = [](const nlohmann::json& sections) { config::from_json<Settings>(sections); };
  a.describe_settings = [] { return config::describe(built_in); };
}

}  // namespace amb::learners
