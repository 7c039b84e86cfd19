#pragma once

// Configurations as JSON, through their one declaration per key (config/fields.hpp): write a
// section with its defaults, read one back checking every key's kind and valid values, and
// naming the key's path in every error.

#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "config/fields.hpp"

namespace amb::config {

/// "a boolean", "an integer", "a string", ...: how an error names what it got.
std::string kind_of(const nlohmann::json& value);

/// The keys of a JSON object, comma-separated, in its order.
std::string join_keys(const nlohmann::json& object);

/// One key as `--help` lists it.
struct key_description {
  std::string key;            // its path: "model.hidden"
  std::string default_value;  // as JSON
  std::string valid;          // "[1, 64]", "one of async, sequential", "a boolean", ...
};

namespace detail {

struct no_rule {};

std::string valid_text(const interval& rule);
std::string valid_text(const one_of& rule);

// Whether T declares its keys with visit_fields (found by argument-dependent lookup): then a
// field of type T is a nested section.
struct probe {
  template <class... A>
  void operator()(A&&...) {}
};
template <class T, class = void>
struct is_section : std::false_type {};
template <class T>
struct is_section<T,
                  std::void_t<decltype(visit_fields(std::declval<T&>(), std::declval<probe&>()))>>
    : std::true_type {};

template <class T>
struct is_list : std::false_type {};
template <class T>
struct is_list<std::vector<T>> : std::true_type {};

std::string key_path(const std::string& path, const std::string& key);
[[noreturn]] void fail(const std::string& path, const std::string& what);
void check_in(const interval& valid, long double x, const nlohmann::json& given,
              const std::string& path);
// The integer a value names, for an integer key: a JSON integer, or a whole real number small
// enough to be exact in a double (1e6 steps is a million steps). Fails naming the value otherwise.
long double integer_value(const nlohmann::json& j, const std::string& path);

template <class T>
nlohmann::json write_value(const T& value) {
  if constexpr (is_section<T>::value) {
    auto object = nlohmann::json::object();
    // visit_fields takes its struct by reference to serve readers too; writing changes nothing.
    visit_fields(const_cast<T&>(value), [&](const char* key, const auto& field, const auto&...) {
      object[key] = write_value(field);
    });
    return object;
  } else if constexpr (is_list<T>::value) {
    auto list = nlohmann::json::array();
    for (const auto& element : value) list.push_back(write_value(element));
    return list;
  } else {
    return nlohmann::json(value);
  }
}

template <class T>
void read_section(const nlohmann::json& j, T& section, const std::string& path);

/// Refuses an integer the field's type cannot hold, naming the type's range in digits. The
/// bounds compare as long double, which holds every 64-bit integer; as doubles, 2^63 - 1 would
/// round up to 2^63 and let 2^63 through, and 2^64 - 1 would print as 1.84467440737096e+19.
template <class T>
void check_representable(long double x, const nlohmann::json& given, const std::string& path) {
  static_assert(std::numeric_limits<long double>::digits >= 64);
  constexpr T low = std::numeric_limits<T>::min();
  constexpr T high = std::numeric_limits<T>::max();
  if (x < static_cast<long double>(low) || x > static_cast<long double>(high))
    fail(path, "must be in [" + std::to_string(low) + ", " + std::to_string(high) + "], got " +
                   given.dump());
}

template <class T, class Rule = no_rule>
void read_value(const nlohmann::json& j, T& out, const std::string& path, const Rule& rule = {}) {
  if constexpr (is_section<T>::value) {
    read_section(j, out, path);
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!j.is_boolean()) fail(path, "expected a boolean, got " + kind_of(j));
    out = j.get<bool>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!j.is_string()) fail(path, "expected a string, got " + kind_of(j));
    out = j.get<std::string>();
    if constexpr (std::is_same_v<Rule, one_of>)
      if (const auto why = rule.refusal(out); !why.empty()) fail(path, why);
  } else if constexpr (std::is_integral_v<T>) {
    const long double x = integer_value(j, path);
    if constexpr (std::is_same_v<Rule, interval>) check_in(rule, x, j, path);
    check_representable<T>(x, j, path);
    if (j.is_number_unsigned())
      out = static_cast<T>(j.get<uint64_t>());
    else if (j.is_number_integer())
      out = static_cast<T>(j.get<int64_t>());
    else
      out = static_cast<T>(static_cast<int64_t>(x));  // a whole real number, below 2^53
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!j.is_number()) fail(path, "expected a number, got " + kind_of(j));
    const double x = j.get<double>();
    if (!std::isfinite(x)) fail(path, "must be a finite number");
    if constexpr (std::is_same_v<Rule, interval>) check_in(rule, x, j, path);
    out = static_cast<T>(x);
  } else if constexpr (is_list<T>::value) {
    if (!j.is_array()) fail(path, "expected an array, got " + kind_of(j));
    T list(j.size());
    for (size_t i = 0; i < j.size(); ++i)
      read_value(j[i], list[i], path + "[" + std::to_string(i) + "]", rule);
    out = std::move(list);
  } else {
    static_assert(sizeof(T) == 0, "a configuration field of a kind config/json_fields.hpp lacks");
  }
}

template <class T>
void read_section(const nlohmann::json& j, T& section, const std::string& path) {
  if (!j.is_object())
    fail(path.empty() ? "the configuration" : path, "expected an object, got " + kind_of(j));
  auto known = nlohmann::json::object();
  visit_fields(section, [&](const char* key, auto& field, const auto&... rule) {
    known[key] = true;
    if (const auto it = j.find(key); it != j.end())
      read_value(*it, field, key_path(path, key), rule...);
  });
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!known.contains(it.key()))
      fail(key_path(path, it.key()), "unknown key; valid keys here: " + join_keys(known));
  check_section(section, path.empty() ? "the configuration" : path);
}

template <class T>
void describe_section(const T& section, const std::string& path,
                      std::vector<key_description>& out) {
  visit_fields(
      const_cast<T&>(section), [&](const char* key, const auto& field, const auto&... rule) {
        using field_type = std::decay_t<decltype(field)>;
        const auto key_path_text = detail::key_path(path, key);
        if constexpr (is_section<field_type>::value) {
          describe_section(field, key_path_text, out);
        } else {
          const auto value = write_value(field);
          std::string valid = kind_of(value);  // a key without a rule takes any value of its kind
          if constexpr (sizeof...(rule) > 0) {
            valid = valid_text(rule...);
            if constexpr (is_list<field_type>::value) valid = "a list, each " + valid;
          }
          out.push_back({key_path_text, value.dump(), valid});
        }
      });
}

}  // namespace detail

/// Every key of a section under `path`, with its default and its valid values.
template <class T>
std::vector<key_description> describe(const T& section, const std::string& path = "") {
  std::vector<key_description> keys;
  detail::describe_section(section, path, keys);
  return keys;
}

/// A section's keys and values as a JSON object (its defaults when `section` is default-made).
template <class T>
nlohmann::json to_json(const T& section) {
  return detail::write_value(section);
}

/// A section read from `j` over its defaults: keys it leaves out keep their default; an unknown
/// key, a value of the wrong kind or outside its valid values throws config_error naming the
/// key's path (under `path`).
template <class T>
T from_json(const nlohmann::json& j, const std::string& path = "") {
  T section{};
  detail::read_section(j, section, path);
  return section;
}

}  // namespace amb::config
