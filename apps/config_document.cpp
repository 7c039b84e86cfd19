#include "apps/config_document.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/json_fields.hpp"

namespace amb::apps {

using config::join_keys;
using config::kind_of;

namespace {

bool same_kind(const nlohmann::json& expected, const nlohmann::json& given) {
  // Any number for a number: the document patched may hold 0 where a file wrote a real number
  // as an integer, and --set 0.5 must still go there. Whether a key takes a real number, and
  // its range (a negative one for an unsigned key), its own check says, naming the key
  // (config/json_fields.hpp).
  if (expected.is_number()) return given.is_number();
  return expected.type() == given.type();
}

// Configurations are a few levels deep; a document nested deeper is refused while it is read,
// before it can exhaust the stack (60000 levels crashed the reader).
constexpr int max_depth = 32;

// Parses `text` as configuration JSON: at most max_depth levels, no key twice in one object
// (the parser would keep the last silently), no number beyond a double's range (1e400 is JSON
// but no double). Throws config_error naming `what`; with `lenient`, returns a discarded value
// for text that is not JSON at all (a --set word).
template <class Input>
nlohmann::json parse_configuration(Input&& input, const std::string& what, bool lenient) {
  std::vector<std::vector<std::string>> keys;  // of each open object
  std::vector<std::string> path;               // the keys leading to the current value
  auto check = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using event_t = nlohmann::json::parse_event_t;
    if (depth > max_depth)
      throw config_error(what + ": nested deeper than " + std::to_string(max_depth) + " levels");
    if (event == event_t::object_start) keys.emplace_back();
    if (event == event_t::object_end && !keys.empty()) keys.pop_back();
    if (event == event_t::key && !keys.empty()) {
      const auto key = parsed.get<std::string>();
      auto& seen = keys.back();
      if (std::find(seen.begin(), seen.end(), key) != seen.end())
        throw config_error(what + ": the key '" + key + "' appears twice in one object");
      seen.push_back(key);
    }
    return true;
  };
  try {
    return nlohmann::json::parse(std::forward<Input>(input), check, /*allow_exceptions=*/true,
                                 /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    if (lenient) return nlohmann::json(nlohmann::json::value_t::discarded);
    throw config_error(what + ": not valid JSON: " + e.what());
  } catch (const nlohmann::json::out_of_range& e) {
    // Without this the overflow escaped as an internal error (exit code 1, no file named).
    throw config_error(what + ": a number beyond the range of a double: " + e.what());
  }
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
  nlohmann::json value = parse_configuration(text, "--set " + key, /*lenient=*/true);
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
  // A FIFO or a device would block or never end: only a regular file is read.
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    throw config_error(path + (std::filesystem::exists(path, error)
                                   ? ": not a regular file"
                                   : ": cannot open the file: no such file"));
  std::ifstream in(path);
  if (!in) throw config_error(path + ": cannot open the file");
  const nlohmann::json doc = parse_configuration(in, path, /*lenient=*/false);
  if (!doc.is_object())
    throw config_error(path + ": expected a JSON object, got " + config::kind_of(doc));
  return doc;
}

void write_json(const std::string& path, const nlohmann::json& value) {
  std::ofstream out(path);
  out << value.dump(2) << "\n";
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace amb::apps
