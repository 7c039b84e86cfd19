#include "actors/attach_handshake.hpp"

#include <cstdio>
#include <stdexcept>

#include "messages/shared_bytes.hpp"

namespace amb::actors {

namespace {

using nlohmann::json;

json parse_object(const std::string& text, const char* what) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) throw std::invalid_argument(std::string(what) + " is not a JSON object");
  return doc;
}

template <class T>
T field(const json& doc, const char* key, const char* what) {
  if (!doc.contains(key)) throw std::invalid_argument(std::string(what) + " lacks '" + key + "'");
  try {
    return doc.at(key).get<T>();
  } catch (const json::exception&) {
    throw std::invalid_argument(std::string(what) + ": '" + key + "' has the wrong type");
  }
}

// Every leaf of a JSON document as "a.b.c" -> value, to name the keys two configurations
// disagree on.
void flatten(const json& doc, const std::string& prefix, std::map<std::string, json>& out) {
  if (doc.is_object() && !doc.empty()) {
    for (const auto& [key, value] : doc.items())
      flatten(value, prefix.empty() ? key : prefix + "." + key, out);
    return;
  }
  out[prefix] = doc;
}

std::string config_difference(const json& node, const json& peer) {
  std::map<std::string, json> a, b;
  flatten(node, "", a);
  flatten(peer, "", b);
  std::string listed;
  int shown = 0, differing = 0;
  auto note = [&](const std::string& key) {
    ++differing;
    if (shown++ >= 5) return;
    auto value = [](const std::map<std::string, json>& m, const std::string& k) {
      auto it = m.find(k);
      return it == m.end() ? std::string("(none)") : it->second.dump();
    };
    listed += "\n  " + key + ": node " + value(a, key) + ", this attach " + value(b, key);
  };
  for (const auto& [key, value] : a)
    if (!b.count(key) || b.at(key) != value) note(key);
  for (const auto& [key, value] : b)
    if (!a.count(key)) note(key);
  if (differing > 5) listed += "\n  ... and " + std::to_string(differing - 5) + " more";
  return listed;
}

std::string registry_difference(const std::vector<std::string>& node,
                                const std::vector<std::string>& peer) {
  std::string text = "the message type registries differ: the node has " +
                     std::to_string(node.size()) + " types, this attach " +
                     std::to_string(peer.size());
  for (size_t i = 0; i < std::max(node.size(), peer.size()); ++i) {
    const auto ours = i < node.size() ? node[i] : "(none)";
    const auto theirs = i < peer.size() ? peer[i] : "(none)";
    if (ours != theirs)
      return text + "; the first difference is type #" + std::to_string(i) + ": node '" + ours +
             "', this attach '" + theirs + "' (both must run the same amb build)";
  }
  return text;
}

}  // namespace

std::string to_text(const attach_request& r) {
  return json{{"protocol", r.protocol}, {"types", r.types}, {"config", r.config}, {"role", r.role},
              {"count", r.count},       {"host", r.host},   {"pid", r.pid}}
      .dump();
}

std::string to_text(const attach_welcome& w) {
  return json{{"peer", w.peer},
              {"config", w.config},
              {"first_collector", w.first_collector},
              {"generation", w.generation},
              {"servers", w.servers}}
      .dump();
}

attach_request parse_attach_request(const std::string& text) {
  const char* what = "the attach request";
  const auto doc = parse_object(text, what);
  attach_request r;
  // The version first: a request of another protocol may have other fields.
  r.protocol = field<uint32_t>(doc, "protocol", what);
  if (r.protocol != attach_protocol_version) return r;
  r.types = field<std::vector<std::string>>(doc, "types", what);
  r.config = doc.value("config", json());
  r.role = field<std::string>(doc, "role", what);
  r.count = field<int>(doc, "count", what);
  r.host = field<std::string>(doc, "host", what);
  r.pid = field<int64_t>(doc, "pid", what);
  return r;
}

attach_welcome parse_attach_welcome(const std::string& text) {
  const char* what = "the node's welcome";
  const auto doc = parse_object(text, what);
  attach_welcome w;
  w.peer = field<std::string>(doc, "peer", what);
  w.config = field<json>(doc, "config", what);
  w.first_collector = field<int>(doc, "first_collector", what);
  w.generation = field<uint32_t>(doc, "generation", what);
  w.servers = field<std::vector<std::string>>(doc, "servers", what);
  return w;
}

std::string config_hash(const json& config) {
  const auto canonical = config.dump();  // object keys are sorted: one text per configuration
  char hex[9];
  std::snprintf(hex, sizeof(hex), "%08x", messages::crc32c(canonical.data(), canonical.size()));
  return hex;
}

std::optional<std::string> refusal(const attach_request& request, const node_identity& node) {
  if (request.protocol != attach_protocol_version)
    return "the attach protocol differs: the node speaks version " +
           std::to_string(attach_protocol_version) + ", this attach version " +
           std::to_string(request.protocol) + " (both must run the same amb build)";
  if (request.types != node.types) return registry_difference(node.types, request.types);
  if (!request.config.is_null() && request.config != node.config)
    return "the run configuration differs: the node's hash is " + config_hash(node.config) +
           ", this attach's " + config_hash(request.config) + ":" +
           config_difference(node.config, request.config);
  const auto& role = request.role;
  if (role != "collector" && role != "model" && role != "policy" && role != "evaluator")
    return "unknown role '" + role + "'; valid: collector, model, policy, evaluator";
  if (request.count < 1 || (role != "collector" && request.count != 1))
    return "--count " + std::to_string(request.count) +
           ": a node attaches 1 or more collectors, or exactly 1 " + role;
  if (role == "model" && !node.has_model_learner)
    return "the run's algorithm " + node.config.value("algorithm", std::string("?")) +
           " has no model learner";
  if (role == "policy" && !node.has_policy_learner)
    return "the run's algorithm " + node.config.value("algorithm", std::string("?")) +
           " has no policy learner";
  if (role == "evaluator" && !node.evaluates)
    return "the run does not evaluate (evaluation.interval_seconds is 0)";
  return std::nullopt;
}

}  // namespace amb::actors
