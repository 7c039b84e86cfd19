#pragma once

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>
#include <vector>

#include "actors/attach_handshake.hpp"
#include "messages/interfaces.hpp"

namespace amb::actors {

struct node_gateway_config {
  node_identity identity;
  // What a welcomed peer gets: the run's servers and their names, in the same order
  // (apps/worker_specs.hpp, run_servers).
  std::vector<std::string> server_names;
  std::vector<caf::actor> servers;
  int next_collector = 0;     // the first index not taken by the node's own collectors
  uint32_t generation = 0;    // of the run state
  double elapsed_before = 0;  // seconds the run had run before this process: its events' clock
};

struct node_gateway_state {
  int peers = 0;  // welcomed so far; names them
  int next_collector = 0;
  static inline const char* name = "node_gateway";
};

/// What `amb node` publishes: answers attach requests after the handshake's checks
/// (actors/attach_handshake.hpp) with the run's configuration and servers, and refuses the
/// others with errc::refused saying what differs. Every join and refusal is an event.
messages::node_gateway_actor::behavior_type node_gateway(
    messages::node_gateway_actor::stateful_pointer<node_gateway_state> self,
    node_gateway_config config, messages::event_log_actor events);

}  // namespace amb::actors
