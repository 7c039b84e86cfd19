#include "actors/recorder.hpp"

#include <caf/all.hpp>

#include "actors/exception_reason.hpp"
#include "recording/payload.hpp"

namespace amb::actors {

using namespace messages;

namespace {

// How the log names an actor that is not a server; label records say who it is.
std::string actor_label(const caf::actor_addr& addr) {
  return addr ? "actor#" + std::to_string(addr.id()) : std::string("anonymous");
}

// Without the network module every actor is on the one, unnamed node.
std::string node_name(const caf::node_id& node) {
  return node ? caf::to_string(node) : std::string("local");
}

}  // namespace

recorder_actor::behavior_type recorder(recorder_actor::stateful_pointer<recorder_state> self,
                                       recorder_config config) {
  self->set_exception_handler(exception_reason);
  self->state.writer =
      std::make_unique<recording::log_writer>(config.path, config.header, config.segment_bytes);
  const auto flush_interval =
      std::chrono::duration_cast<std::chrono::microseconds>(config.flush_interval);
  self->delayed_send(self, flush_interval, tick_atom::value);
  const std::string own_node = node_name(self->node());
  return {
      [=](record_atom, const tapped_message& m) {
        recording::log_record r;
        r.monotonic_ns = m.monotonic_ns;
        r.wall_ns = m.wall_ns;
        r.sender = m.to_server ? actor_label(m.peer) : m.server;
        r.receiver = m.to_server ? m.server : actor_label(m.peer);
        r.node = m.to_server ? node_name(m.peer.node()) : own_node;
        r.type = m.type;
        r.payload = recording::serialize_payload(self->system(),
                                                 recording::recorded_form(m.type, m.content));
        self->state.writer->write(r);
      },
      [=](label_atom, const caf::actor_addr& actor, const std::string& name) {
        recording::log_record r;
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        r.monotonic_ns =
            std::chrono::nanoseconds(std::chrono::steady_clock::now().time_since_epoch()).count();
        r.wall_ns = std::chrono::nanoseconds(now).count();
        r.sender = actor_label(actor);
        r.node = node_name(actor.node());
        r.type = "label";
        r.payload = recording::serialize_payload(self->system(), caf::make_message(name));
        self->state.writer->write(r);
      },
      [=](tick_atom) {
        self->state.writer->flush();
        self->delayed_send(self, flush_interval, tick_atom::value);
      },
      [=](wait_atom) -> uint64_t {
        self->state.writer->flush();
        return self->state.writer->records();
      },
  };
}

}  // namespace amb::actors
