#include "actors/event_log.hpp"

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

namespace amb::actors {

using namespace messages;

event_log_actor::behavior_type event_log(event_log_actor::stateful_pointer<event_log_state> self,
                                         std::string path) {
  self->state.file.open(path, std::ios::app);
  if (!self->state.file)
    self->quit(caf::make_error(caf::sec::runtime_error, "cannot open " + path + " for writing"));
  return {
      [=](event_atom, const event& e) {
        nlohmann::json line = {{"time", e.time}, {"kind", e.kind}, {"actor", e.actor}};
        if (!e.detail.empty()) line["detail"] = e.detail;
        self->state.file << line.dump() << '\n' << std::flush;
        ++self->state.written;
      },
      [=](wait_atom) { return self->state.written; },
  };
}

}  // namespace amb::actors
