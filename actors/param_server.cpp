#include "actors/param_server.hpp"

#include <caf/all.hpp>

#include "actors/param_checkpoint.hpp"
#include "messages/errors.hpp"

namespace amb::actors {

using namespace messages;

namespace {

void write_checkpoint(param_server_state& s) {
  if (s.checkpoint.path.empty() || s.latest.version == s.checkpointed_version) return;
  write_param_checkpoint(s.checkpoint.path, s.latest);
  s.checkpointed_version = s.latest.version;
  s.next_checkpoint.restart();
}

}  // namespace

param_server_actor::behavior_type param_server(
    param_server_actor::stateful_pointer<param_server_state> self, std::string name,
    std::string algorithm, message_tap tap) {
  self->state.latest.name = name;
  return {
      [=](push_atom, param_blob& blob) -> caf::result<uint64_t> {
        tap.request(self);
        auto& latest = self->state.latest;
        if (blob.name != name)
          return tap.refusal(
              self, make_error(errc::bad_request,
                               "blob '" + blob.name + "' pushed to the '" + name + "' server"));
        // Blobs from another node (or of unknown origin) get every check; see param_expectation.
        const auto& sender = self->current_sender();
        const bool same_process = sender && sender->node() == self->node();
        param_expectation expected{algorithm, &latest, same_process};
        if (auto err = validate(blob, expected)) return tap.refusal(self, std::move(err));
        latest = std::move(blob);
        // A failed write stops the server (an error exit the run reports): a run whose
        // checkpoints silently stopped could not be resumed from where it seemed to be.
        if (self->state.next_checkpoint.due()) write_checkpoint(self->state);
        return tap.reply(self, latest.version);
      },
      [=](pull_atom, uint64_t have_version) -> param_pull_reply {
        tap.request(self);
        const auto& latest = self->state.latest;
        if (latest.version > have_version) return tap.reply(self, param_pull_reply{true, latest});
        return tap.reply(self, param_pull_reply{false, {}});
      },
      [=](stats_atom) -> uint64_t {
        tap.request(self);
        return tap.reply(self, self->state.latest.version);
      },
  };
}

param_server_actor::behavior_type checkpointed_param_server(
    param_server_actor::stateful_pointer<param_server_state> self, std::string name,
    std::string algorithm, message_tap tap, param_checkpoint_plan plan, param_blob restored) {
  auto& s = self->state;
  if (restored.version > 0) s.latest = std::move(restored);
  s.checkpointed_version = s.latest.version;
  s.next_checkpoint = periodic_deadline(plan.interval);
  s.checkpoint = std::move(plan);
  self->set_exit_handler([=](caf::exit_msg& msg) {
    write_checkpoint(self->state);  // the last version, at the end of the run
    self->quit(msg.reason);
  });
  return param_server(self, std::move(name), std::move(algorithm), std::move(tap));
}

}  // namespace amb::actors
