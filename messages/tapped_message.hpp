#pragma once

#include <caf/actor_addr.hpp>
#include <caf/message.hpp>
#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <string>

namespace amb::messages {

/// A copy of one message a server handled, request or reply, on its way to the Recorder.
struct tapped_message {
  int64_t monotonic_ns = 0;  // when the server handled it
  int64_t wall_ns = 0;
  caf::actor_addr peer;   // the requester
  bool to_server = true;  // a request (peer -> server) or its reply (server -> peer)
  std::string server;     // "data_buffer", "policy_server" or "model_server"
  std::string type;       // "push", "push_reply", "push_error", ...
  caf::message content;   // the message as the receiver got it
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, tapped_message& x) {
  return f(caf::meta::type_name("tapped_message"), x.monotonic_ns, x.wall_ns, x.peer, x.to_server,
           x.server, x.type, x.content);
}

}  // namespace amb::messages
