#include "actors/node_gateway.hpp"

#include <caf/all.hpp>
#include <stdexcept>

#include "actors/metrics_row.hpp"
#include "messages/errors.hpp"

namespace amb::actors {

using namespace messages;

messages::node_gateway_actor::behavior_type node_gateway(
    messages::node_gateway_actor::stateful_pointer<node_gateway_state> self,
    node_gateway_config config, messages::event_log_actor events) {
  self->state.next_collector = config.next_collector;
  // The run's clock, as every other event of a resumed run goes on from its earlier time.
  const auto start = std::chrono::steady_clock::now() -
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(config.elapsed_before));
  auto log = [=](const char* kind, const std::string& actor, const std::string& detail) {
    self->send(events, event_atom::value, event{seconds_since(start), kind, actor, detail});
  };
  return {
      [=](attach_atom,
          const std::string& text) -> caf::result<std::string, std::vector<caf::actor>> {
        attach_request request;
        try {
          request = parse_attach_request(text);
        } catch (const std::invalid_argument& e) {
          log("peer_refused", "node_gateway", e.what());
          return make_error(errc::refused, e.what());
        }
        const auto who = request.host + " (pid " + std::to_string(request.pid) + ")";
        if (auto why = refusal(request, config.identity)) {
          log("peer_refused", "node_gateway", who + ": " + *why);
          return make_error(errc::refused, *why);
        }
        auto& s = self->state;
        attach_welcome welcome;
        welcome.peer = "peer" + std::to_string(++s.peers);
        welcome.config = config.identity.config;
        welcome.generation = config.generation;
        welcome.first_collector = s.next_collector;
        welcome.servers = config.server_names;
        if (request.role == "collector") s.next_collector += request.count;
        log("peer_joined", welcome.peer,
            who + ": " + std::to_string(request.count) + " " + request.role +
                (request.count > 1 ? "s" : ""));
        return caf::result<std::string, std::vector<caf::actor>>(to_text(welcome), config.servers);
      },
      [](ping_atom) { return ping_atom::value; },
  };
}

}  // namespace amb::actors
