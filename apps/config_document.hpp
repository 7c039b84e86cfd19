#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "config/fields.hpp"

namespace amb::apps {

/// A configuration the user got wrong; the message starts with the key's path ("env.name: ...").
using config_error = config::config_error;

/// Overlays `user` on `defaults`, which serve as the schema: every key of `user` must exist in
/// `defaults` with a value of the same kind (an integer where a float is expected is fine, the
/// reverse is not). Throws config_error naming the path of the first offending key.
nlohmann::json overlay_checked(const nlohmann::json& defaults, const nlohmann::json& user,
                               const std::string& path = "");

/// Applies one `--set a.b.c=value` to `doc`. The value is read as JSON when it parses
/// (numbers, true/false, [..]) and as a string otherwise. The key must exist.
void apply_assignment(nlohmann::json& doc, const std::string& assignment);

/// Reads a JSON object from a regular file (never a FIFO or a device, which could block), at
/// most 32 levels deep and with no key twice in one object; throws config_error naming the file
/// (and line/column from the parser).
nlohmann::json read_json_file(const std::string& path);

/// Writes `value` to `path`, indented; throws std::runtime_error naming the file when it cannot.
void write_json(const std::string& path, const nlohmann::json& value);

}  // namespace amb::apps
