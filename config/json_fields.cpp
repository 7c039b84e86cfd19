#include "config/json_fields.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace amb::config {

namespace {

std::string number_text(double x) {
  std::ostringstream out;
  out.precision(15);
  out << x;
  return out.str();
}

}  // namespace

bool interval::contains(long double x) const {
  const bool above_low = low_open ? x > low : x >= low;
  const bool below_high = high_open ? x < high : x <= high;
  return above_low && below_high;
}

std::string interval::text() const {
  return std::string(low_open ? "(" : "[") + number_text(low) + ", " + number_text(high) +
         (high_open ? ")" : "]");
}

std::string one_of::refusal(const std::string& given) const {
  if (std::find(values.begin(), values.end(), given) != values.end()) return "";
  std::string names;
  for (const auto& name : values) names += (names.empty() ? "" : ", ") + name;
  return "unknown " + what + " '" + given + "'; valid: " + names;
}

std::string kind_of(const nlohmann::json& value) {
  if (value.is_boolean()) return "a boolean";
  if (value.is_number_integer()) return "an integer";
  if (value.is_number()) return "a number";
  if (value.is_string()) return "a string";
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  return "null";
}

std::string join_keys(const nlohmann::json& object) {
  std::string keys;
  for (auto it = object.begin(); it != object.end(); ++it)
    keys += (keys.empty() ? "" : ", ") + it.key();
  return keys;
}

namespace detail {

std::string key_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

void fail(const std::string& path, const std::string& what) {
  throw config_error(path + ": " + what);
}

std::string valid_text(const interval& rule) {
  return rule.text();
}

std::string valid_text(const one_of& rule) {
  std::string names;
  for (const auto& name : rule.values) names += (names.empty() ? "" : ", ") + name;
  return "one of " + names;
}

long double integer_value(const nlohmann::json& j, const std::string& path) {
  if (j.is_number_unsigned()) return static_cast<long double>(j.get<uint64_t>());
  if (j.is_number_integer()) return static_cast<long double>(j.get<int64_t>());
  if (!j.is_number()) fail(path, "expected an integer, got " + kind_of(j));
  const double x = j.get<double>();
  // Beyond 2^53 a double no longer holds every integer, so 1e+23 may not be the number meant.
  constexpr double exact_below = 9007199254740992.0;  // 2^53
  if (std::trunc(x) != x || std::fabs(x) >= exact_below)
    fail(path, "expected an integer, got " + j.dump() +
                   (std::trunc(x) == x ? ", too large to be held exactly" : ""));
  return x;
}

void check_in(const interval& valid, long double x, const nlohmann::json& given,
              const std::string& path) {
  if (!valid.contains(x)) fail(path, "must be in " + valid.text() + ", got " + given.dump());
}

}  // namespace detail

}  // namespace amb::config
