#include "apps/cluster_network.hpp"

#include <caf/all.hpp>
#include <caf/io/all.hpp>
#include <caf/openssl/all.hpp>
#include <filesystem>

#include "apps/config_document.hpp"
#include "apps/tls_probe.hpp"

namespace amb::apps {

namespace {

namespace fs = std::filesystem;

std::string certs_file(const network_options& options, const char* name) {
  const auto path = fs::path(options.certs_dir) / name;
  if (!fs::exists(path))
    throw config_error("no " + std::string(name) + " in " + options.certs_dir +
                       " (amb certs makes one folder per node)");
  return path.string();
}

const char* bind_address(const host_port& at) {
  return at.host.empty() ? nullptr : at.host.c_str();
}

// Why a node ended the connection in its handshake, found by asking it again over plain TCP.
std::string refusal_hint(const host_port& at, const network_options& options) {
  const bool node_uses_tls = !speaks_first(at.host, at.port, std::chrono::seconds(1));
  if (options.certs_dir.empty())
    return node_uses_tls ? " (the node uses TLS: give this attach --certs DIR/NAME from the "
                           "node's amb certs)"
                         : "";
  return node_uses_tls ? " (the node refused this node's certificate: give --certs a folder "
                         "that the node's CA signed)"
                       : " (the node does not use TLS: attach without --certs)";
}

}  // namespace

void add_network_options(CLI::App* command, network_options& options) {
  command
      ->add_option("--certs", options.certs_dir,
                   "mutual TLS: DIR holds this node's ca.pem, cert.pem and key.pem (made by amb "
                   "certs); a peer must present a certificate of the same CA")
      ->type_name("DIR")
      ->check(accepted_by([](const std::string& dir) {
        network_options given;
        given.certs_dir = dir;
        for (const char* file : {"ca.pem", "cert.pem", "key.pem"}) certs_file(given, file);
      }));
  command->add_flag("--insecure", options.insecure,
                    "allow a non-loopback address without certificates: the connection is then "
                    "neither encrypted nor authenticated");
  command
      ->add_option("--peer-timeout", options.peer_timeout_seconds,
                   "a peer silent for S seconds (killed, frozen, cut off) is dropped (default 2; "
                   "heartbeats go out every S/4)")
      ->type_name("S")
      ->check(within(0.2, 3600));
}

void configure_network(caf::actor_system_config& cfg, const network_options& options) {
  cfg.load<caf::io::middleman>();
  const auto timeout = std::chrono::duration_cast<caf::timespan>(
      std::chrono::duration<double>(options.peer_timeout_seconds));
  cfg.set("middleman.heartbeat-interval", caf::timespan(timeout / 4));
  cfg.set("middleman.connection-timeout", timeout);
  if (options.certs_dir.empty()) return;
  cfg.load<caf::openssl::manager>();
  cfg.set("openssl.certificate", certs_file(options, "cert.pem"));
  cfg.set("openssl.key", certs_file(options, "key.pem"));
  cfg.set("openssl.cafile", certs_file(options, "ca.pem"));
}

host_port parse_host_port(const std::string& text, bool host_required) {
  const auto colon = text.rfind(':');
  host_port at;
  std::string port_text = text;
  if (colon != std::string::npos) {
    at.host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (at.host.size() > 1 && at.host.front() == '[' && at.host.back() == ']')
      at.host = at.host.substr(1, at.host.size() - 2);  // [::1]:7500
  }
  const bool digits = !port_text.empty() && port_text.size() <= 5 &&
                      port_text.find_first_not_of("0123456789") == std::string::npos;
  const long port = digits ? std::stol(port_text) : -1;
  if (port < 0 || port > 65535 || (host_required && at.host.empty()) ||
      (colon != std::string::npos && at.host.empty()))
    throw config_error("'" + text + "': want " + (host_required ? "HOST:PORT" : "[HOST:]PORT") +
                       " with a port from 0 to 65535");
  at.port = static_cast<uint16_t>(port);
  return at;
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

uint16_t publish_on(caf::actor_system& system, const caf::actor& actor, const host_port& at,
                    const network_options& options) {
  auto bound = options.certs_dir.empty()
                   ? system.middleman().publish(actor, at.port, bind_address(at), true)
                   : caf::openssl::publish(actor, at.port, bind_address(at), true);
  if (!bound)
    throw std::runtime_error("cannot listen on " + (at.host.empty() ? "*" : at.host) + ":" +
                             std::to_string(at.port) + ": " + system.render(bound.error()));
  return *bound;
}

caf::actor connect_to(caf::actor_system& system, const host_port& at,
                      const network_options& options, std::chrono::duration<double> timeout) {
  const caf::io::middleman_actor manager = options.certs_dir.empty()
                                               ? system.middleman().actor_handle()
                                               : system.openssl_manager().actor_handle();
  const auto where = at.host + ":" + std::to_string(at.port);
  caf::scoped_actor self{system};
  caf::actor found;
  std::string failure;
  bool unreachable = false, refused = false;
  self->request(manager, std::chrono::duration_cast<std::chrono::microseconds>(timeout),
                caf::connect_atom::value, at.host, at.port)
      .receive(
          [&](const caf::node_id&, caf::strong_actor_ptr& ptr, const std::set<std::string>&) {
            found = caf::actor_cast<caf::actor>(std::move(ptr));
            if (!found) failure = "nothing is published there";
          },
          [&](caf::error& err) {
            unreachable =
                err == caf::sec::request_timeout || err == caf::sec::cannot_connect_to_node;
            failure = err == caf::sec::request_timeout
                          ? "no answer within " + std::to_string(timeout.count()) + " s"
                          : system.render(err);
            // Without a certificate of the node's CA, or with TLS on one side only, the
            // connection ends in its handshake. With TLS here and none at the node, CAF's
            // OpenSSL manager reports cannot_connect_to_node instead whenever the node's BASP
            // handshake arrives before its first SSL_connect returns: a node that speaks first
            // is there, and it is not a TLS node.
            refused = err == caf::sec::disconnect_during_handshake ||
                      (err == caf::sec::cannot_connect_to_node && !options.certs_dir.empty() &&
                       speaks_first(at.host, at.port, std::chrono::seconds(1)));
            if (refused) {
              unreachable = false;
              failure += refusal_hint(at, options);
            }
          });
  const auto why = (refused ? "the connection to " + where + " ended in its handshake: "
                            : "cannot reach the node at " + where + ": ") +
                   failure;
  if (unreachable) throw node_unreachable(why);
  if (refused) throw handshake_refused(why);
  if (!found) throw std::runtime_error(why);
  return found;
}

}  // namespace amb::apps
