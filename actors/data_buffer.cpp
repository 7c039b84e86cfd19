#include "actors/data_buffer.hpp"

#include <caf/all.hpp>

namespace amb::actors {

using namespace messages;

data_buffer_actor::behavior_type data_buffer(
    data_buffer_actor::stateful_pointer<data_buffer_state> self,
    std::shared_ptr<trajectory_log> log, message_tap tap) {
  self->state.log = std::move(log);
  return {
      [=](push_atom, trajectory& t) -> caf::result<uint64_t> {
        tap.request(self);
        auto seq = self->state.log->append(std::move(t));
        if (!seq) return tap.refusal(self, std::move(seq.error()));
        return tap.reply(self, *seq);
      },
      [=](pull_atom, const std::string& consumer, uint64_t cursor,
          uint32_t max) -> caf::result<trajectory_batch> {
        tap.request(self);
        auto batch = self->state.log->read(consumer, cursor, max);
        if (!batch) return tap.refusal(self, std::move(batch.error()));
        return tap.reply(self, std::move(*batch));
      },
      [=](cursor_atom, const std::string& consumer) -> uint64_t {
        tap.request(self);
        return tap.reply(self, self->state.log->cursor_of(consumer));
      },
      [=](stats_atom) -> buffer_stats {
        tap.request(self);
        return tap.reply(self, self->state.log->stats());
      },
  };
}

}  // namespace amb::actors
