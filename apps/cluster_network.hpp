#pragma once

// How nodes of one run reach each other (amb node, amb attach): CAF's middleman, with mutual
// TLS through CAF's OpenSSL module when certificates are given, and heartbeats so that a frozen
// peer is noticed, not only a dead one.

#include <caf/fwd.hpp>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "apps/command_line.hpp"

namespace amb::apps {

struct network_options {
  // A folder made by `amb certs` for this node: ca.pem, cert.pem, key.pem. Empty: no TLS.
  std::string certs_dir;
  bool insecure = false;  // allow a non-loopback address without certificates
  // A peer silent this long is dropped; heartbeats go out every quarter of it.
  double peer_timeout_seconds = 2;
};

/// Declares --certs DIR, --insecure and --peer-timeout S on `command`, into `options`.
void add_network_options(CLI::App* command, network_options& options);

/// Loads the middleman (and the OpenSSL module with certificates) and sets heartbeats.
void configure_network(caf::actor_system_config& cfg, const network_options& options);

struct host_port {
  std::string host;
  uint16_t port = 0;
};

/// "HOST:PORT", or "PORT" (every interface: host "") unless `host_required`. Throws
/// config_error saying why not.
host_port parse_host_port(const std::string& text, bool host_required);

/// 127.0.0.0/8, ::1 and localhost.
bool is_loopback(const std::string& host);

/// Publishes `actor` on `at` (TLS with certificates); returns the port bound (for port 0).
/// Throws std::runtime_error saying why it could not.
uint16_t publish_on(caf::actor_system& system, const caf::actor& actor, const host_port& at,
                    const network_options& options);

/// Nothing answers at the address yet (no process listens there, or no answer in time): a node
/// that is not up, or not up again.
class node_unreachable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The node ended the connection in its TLS handshake: it refused this node's certificate (or
/// its lack of one), or the two sides disagree on using TLS at all.
class handshake_refused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Connects to the actor published on `at`; throws node_unreachable when nothing answers there,
/// handshake_refused when the node ends the connection in its handshake, std::runtime_error
/// saying why otherwise (nothing published).
caf::actor connect_to(caf::actor_system& system, const host_port& at,
                      const network_options& options, std::chrono::duration<double> timeout);

}  // namespace amb::apps
