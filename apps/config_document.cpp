#include "apps/config_document.hpp"

#include <fstream>
#include <sstream>

#include "config/json_fields.hpp"

namespace amb::apps {

using config::join_keys;
using config::kind_of;

namespace {

bool same_kind(const nlohmann::json& expected, const nlohmann::json& given) {
  if (expected.is_number_float()) return given.is_number();
  if (expected.is_number_integer()) {
    if (expected.is_number_unsigned() && given.is_number_integer() && given.get<int64_t>() < 0)
      return false;
    return given.is_number_integer();
  }
  return expected.type() == given.type();
}

}  // namespace

nlohmann::json overlay_checked(const nlohmann::json& defaults, const nlohmann::json& user,
                               const std::string& path) {
  const std::string where = path.empty() ? "the configuration" : path;
  if (defaults.is_object()) {
    if (!user.is_object()) throw config_error(where + ": expected an object, got " + kind_of(user));
    nlohmann::json result = defaults;
    for (auto it = user.begin(); it != user.end(); ++it) {
      const std::string key_path = path.empty() ? it.key() : path + "." + it.key();
      if (!defaults.contains(it.key()))
        throw config_error(key_path + ": unknown key; valid keys here: " + join_keys(defaults));
      result[it.key()] = overlay_checked(defaults[it.key()], it.value(), key_path);
    }
    return result;
  }
  if (defaults.is_array()) {
    if (!user.is_array()) throw config_error(where + ": expected an array, got " + kind_of(user));
    if (!defaults.empty())
      for (size_t i = 0; i < user.size(); ++i)
        if (!same_kind(defaults[0], user[i]))
          throw config_error(where + "[" + std::to_string(i) + "]: expected " +
                             kind_of(defaults[0]) + ", got " + kind_of(user[i]));
    return user;
  }
  if (!same_kind(defaults, user))
    throw config_error(where + ": expected " + kind_of(defaults) + ", got " + kind_of(user) + " (" +
                       user.dump() + ")");
  return user;
}

void apply_assignment(nlohmann::json& doc, const std::string& assignment) {
  const auto equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0)
    throw config_error("--set " + assignment + ": expected key=value");
  const std::string key = assignment.substr(0, equals);
  const std::string text = assignment.substr(equals + 1);
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) value = text;  // a bare word is a string

  // Build {"a": {"b": value}} and overlay it, so --set gets the same checks as a file.
  nlohmann::json patch = value;
  std::vector<std::string> parts;
  for (size_t start = 0;;) {
    const auto dot = key.find('.', start);
    parts.push_back(key.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (it->empty()) throw config_error("--set " + assignment + ": empty key segment");
    patch = nlohmann::json{{*it, patch}};
  }
  doc = overlay_checked(doc, patch);
}

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw config_error(path + ": cannot open the file");
  try {
    return nlohmann::json::parse(in, nullptr, true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    throw config_error(path + ": not valid JSON: " + e.what());
  }
}

}  // namespace amb::apps
