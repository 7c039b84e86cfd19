#include "actors/replay_server.hpp"

#include <caf/all.hpp>

#include "recording/payload.hpp"

namespace amb::actors {

using namespace messages;
using ending = replay_outcome::ending;

namespace {

std::string type_of(const caf::message& request) {
  return request.match_element<caf::atom_value>(0)
             ? caf::to_string(request.get_as<caf::atom_value>(0))
             : std::string("message");
}

// What differs between the recorded request and the replayed one, for a person to read.
std::string difference(caf::actor_system& system, const recording::log_record& recorded,
                       const caf::message& replayed) {
  const auto before = recording::deserialize_payload(system, recorded.payload);
  if (before && before->match_elements<push_atom, param_blob>() &&
      replayed.match_elements<push_atom, param_blob>()) {
    const auto& a = before->get_as<param_blob>(1);
    const auto& b = replayed.get_as<param_blob>(1);
    return a.name + " v" + std::to_string(a.version) + " checksum recorded " +
           recording::checksum_text(a.checksum) + ", replayed " +
           recording::checksum_text(b.checksum) + " (v" + std::to_string(b.version) + ")";
  }
  const std::string was = before ? recording::summarize_payload(*before).dump() : "(unreadable)";
  return recorded.type + " recorded " + was + ", replayed " +
         recording::summarize_payload(replayed).dump();
}

// Answers one request from the session; returns the reply, or an error once the replay is over.
caf::result<caf::message> answer(caf::actor_system& system, const std::string& server,
                                 replay_session& session, const caf::message& request) {
  auto finish = [&](ending how, uint64_t seq, std::string detail) -> caf::error {
    auto outcome = session.progress;
    outcome.how = how;
    outcome.seq = seq;
    outcome.detail = detail;
    session.outcome = outcome;
    caf::anon_send(session.driver, replay_done_atom::value);
    return caf::make_error(caf::sec::runtime_error, "replay over: " + detail);
  };
  if (session.outcome) return caf::make_error(caf::sec::runtime_error, "replay over");
  auto x = session.exchanges.next();
  if (!x) {
    if (const auto& damage = session.exchanges.damage())
      return finish(ending::damaged, 0, recording::describe(*damage));
    return finish(ending::end_of_log, 0, "every recorded exchange replayed");
  }
  const auto& recorded = x->request;
  if (session.until && recorded.seq > *session.until)
    return finish(ending::until_reached, *session.until,
                  "its next request was recorded at seq " + std::to_string(recorded.seq));
  const std::string type = type_of(request);
  if (recorded.receiver != server || recorded.type != type)
    return finish(ending::divergence, recorded.seq,
                  "recorded " + recorded.type + " to " + recorded.receiver + ", replayed " + type +
                      " to " + server);
  if (recording::serialize_payload(system, recording::recorded_form(type, request)) !=
      recorded.payload)
    return finish(ending::divergence, recorded.seq, difference(system, recorded, request));
  if (request.match_elements<push_atom, param_blob>()) {
    ++session.progress.outputs_checked;
    session.progress.last_output = request.get_as<param_blob>(1);
    session.progress.last_output_seq = recorded.seq;
  }
  ++session.progress.exchanges;
  auto reply = recording::deserialize_payload(system, x->reply.payload);
  if (!reply)
    return finish(ending::damaged, x->reply.seq, "the recorded reply does not deserialise");
  if (reply->match_elements<caf::error>()) return reply->get_as<caf::error>(0);
  return std::move(*reply);
}

}  // namespace

caf::behavior replay_server(caf::event_based_actor* self, std::string server,
                            std::shared_ptr<replay_session> session) {
  // Every request of the server interfaces (messages/interfaces.hpp) is answered the same way.
  auto replay = [=]() -> caf::result<caf::message> {
    const auto request = self->current_mailbox_element()->copy_content_to_message();
    std::lock_guard<std::mutex> lock(session->mutex);
    return answer(self->system(), server, *session, request);
  };
  return {
      [=](push_atom, const trajectory&) { return replay(); },
      [=](pull_atom, const std::string&, uint64_t, uint32_t) { return replay(); },
      [=](cursor_atom, const std::string&) { return replay(); },
      [=](push_atom, const param_blob&) { return replay(); },
      [=](pull_atom, uint64_t) { return replay(); },
      [=](stats_atom) { return replay(); },
  };
}

}  // namespace amb::actors
