#pragma once

#include <caf/error.hpp>
#include <caf/local_actor.hpp>
#include <caf/make_message.hpp>
#include <string>

#include "messages/interfaces.hpp"

namespace amb::actors {

/// A server's recorded edge: with a Recorder, every request the server handles and its reply
/// go to the Recorder as well (shared/DESIGN.md, "Message logs and replay"); without one (the
/// default) a tap costs a branch. The copies share the payload bytes (messages::shared_bytes).
class message_tap {
 public:
  message_tap() = default;
  message_tap(messages::recorder_actor recorder, std::string server)
      : recorder_(std::move(recorder)), server_(std::move(server)) {}

  /// Records the request `self` is handling. Call it before the handler moves from its
  /// arguments.
  void request(caf::local_actor* self) const;

  /// Records `value` as the reply to the current request and returns it.
  template <class T>
  T reply(caf::local_actor* self, T value) const {
    if (recorder_) send(self, "_reply", caf::make_message(value));
    return value;
  }

  /// Records the refusal of the current request and returns it.
  caf::error refusal(caf::local_actor* self, caf::error reason) const {
    if (recorder_) send(self, "_error", caf::make_message(reason));
    return reason;
  }

 private:
  // Type of the record: the request's atom, plus `suffix` for answers.
  void send(caf::local_actor* self, const char* suffix, caf::message content) const;

  messages::recorder_actor recorder_;
  std::string server_;
};

}  // namespace amb::actors
