#include "actors/message_tap.hpp"

#include <caf/all.hpp>
#include <chrono>

namespace amb::actors {

void message_tap::request(caf::local_actor* self) const {
  if (!recorder_) return;
  auto content = self->current_mailbox_element()->copy_content_to_message();
  // A message from another node is held as one caf::message, so this "copy" would share its
  // values with the handler's arguments, and a handler that moves from them would leave the
  // record empty. Copy the values now (payload bytes stay shared: messages::shared_bytes).
  content.force_unshare();
  send(self, "", std::move(content));
}

void message_tap::send(caf::local_actor* self, const char* suffix, caf::message content) const {
  const auto& request = self->current_mailbox_element()->content();
  std::string type = request.match_element<caf::atom_value>(0)
                         ? caf::to_string(request.get_as<caf::atom_value>(0))
                         : std::string("message");
  messages::tapped_message tapped;
  tapped.monotonic_ns =
      std::chrono::nanoseconds(std::chrono::steady_clock::now().time_since_epoch()).count();
  tapped.wall_ns =
      std::chrono::nanoseconds(std::chrono::system_clock::now().time_since_epoch()).count();
  tapped.peer = caf::actor_cast<caf::actor_addr>(self->current_sender());
  tapped.to_server = *suffix == '\0';
  tapped.server = server_;
  tapped.type = type + suffix;
  tapped.content = std::move(content);
  // Anonymous: the record names its peer itself, and one thread's sends stay in order.
  caf::anon_send(recorder_, messages::record_atom::value, std::move(tapped));
}

}  // namespace amb::actors
