#pragma once

#include <caf/actor.hpp>
#include <caf/behavior.hpp>
#include <caf/event_based_actor.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "messages/interfaces.hpp"
#include "recording/recorded_exchanges.hpp"

namespace amb::actors {

/// How a replay ended (amb replay --verify).
struct replay_outcome {
  enum class ending { end_of_log, divergence, until_reached, damaged };
  ending how = ending::end_of_log;
  uint64_t seq = 0;              // the record where it diverged or stopped
  std::string detail;            // what differs, or why it stopped
  uint64_t exchanges = 0;        // requests answered from the log
  uint64_t outputs_checked = 0;  // parameter pushes that matched the recorded checksum
  std::optional<messages::param_blob> last_output;  // the newest blob the actor pushed, whole
  uint64_t last_output_seq = 0;
};

/// What the replay servers of one replay share: the actor's recorded exchanges, consumed in
/// order (the actor makes one request at a time), and the outcome once there is one.
struct replay_session {
  replay_session(recording::recorded_exchanges exchanges, std::optional<uint64_t> until,
                 caf::actor driver)
      : exchanges(std::move(exchanges)), until(until), driver(std::move(driver)) {}

  std::mutex mutex;
  recording::recorded_exchanges exchanges;
  std::optional<uint64_t> until;  // stop before the first request recorded after this seq
  caf::actor driver;              // receives `replay_done_atom` once the outcome is set
  std::optional<replay_outcome> outcome;
  replay_outcome progress;
};

using replay_done_atom = caf::atom_constant<caf::atom("replaydone")>;

/// Stands in for the server the log calls `server` ("data_buffer", "policy_server",
/// "model_server") in front of a fresh worker: each request must be the one recorded next for
/// that worker (a push is compared by its blob's checksum, everything else byte for byte) and is
/// answered with the recorded reply. At the first difference, at `until` or at the end of the
/// log it sets the session's outcome, tells the driver, and refuses the request, which stops
/// the worker.
caf::behavior replay_server(caf::event_based_actor* self, std::string server,
                            std::shared_ptr<replay_session> session);

}  // namespace amb::actors
