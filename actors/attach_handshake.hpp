#pragma once

// The two documents of the handshake between `amb attach` and `amb node`, and the node's
// checks. They travel as JSON text (messages::node_gateway_actor), so that this handshake works
// between any two builds, even those that could not exchange amb's own message types.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace amb::actors {

/// Raised with every change to the handshake or to how attached workers use the servers.
/// 2: the welcome names the servers whose handles come with it.
constexpr uint32_t attach_protocol_version = 2;

/// What an attaching node asks for.
struct attach_request {
  uint32_t protocol = attach_protocol_version;
  std::vector<std::string> types;  // messages::type_registry() of the attaching build
  nlohmann::json config;           // the run configuration it expects; null: take the node's
  std::string role;                // collector, model, policy or evaluator
  int count = 1;                   // workers of that role (collectors only may be more than 1)
  std::string host;                // for the node's events: who attached
  int64_t pid = 0;
};

/// What the node answers when it accepts.
struct attach_welcome {
  std::string peer;         // the node's name for the attached node ("peer3"), unique per run
  nlohmann::json config;    // the run's configuration, resolved
  int first_collector = 0;  // the attached collectors' indices start here (their seeds)
  uint32_t generation = 0;  // how often the run was resumed (seeds differ per resume)
  // The names of the server handles that come with the welcome, in their order
  // ("data_buffer", "policy", "model", "policy_learner.state", ...: apps/worker_specs.hpp).
  std::vector<std::string> servers;
};

std::string to_text(const attach_request& request);
std::string to_text(const attach_welcome& welcome);
/// Parse the documents; throw std::invalid_argument naming what is missing or malformed.
attach_request parse_attach_request(const std::string& text);
attach_welcome parse_attach_welcome(const std::string& text);

/// A short fingerprint of a resolved run configuration (CRC-32C of its canonical JSON, hex).
std::string config_hash(const nlohmann::json& config);

/// What the node checks a request against.
struct node_identity {
  std::vector<std::string> types;
  nlohmann::json config;
  bool has_model_learner = true;   // model-based algorithms
  bool has_policy_learner = true;  // every algorithm but random
  bool evaluates = true;           // evaluation is on
};

/// Why `request` may not attach to the node, in words that say what differs; nullopt when it
/// may. Checks the protocol version, the type registry, the configuration hash and the role.
std::optional<std::string> refusal(const attach_request& request, const node_identity& node);

}  // namespace amb::actors
