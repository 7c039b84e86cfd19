#pragma once

// The typed contracts every peer, local or remote, sees (shared/DESIGN.md, "Actors and their
// contracts"). Atom names are limited to 10 characters by CAF 0.17.

#include <caf/actor.hpp>
#include <caf/atom.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "messages/event.hpp"
#include "messages/param_blob.hpp"
#include "messages/run_stats.hpp"
#include "messages/tapped_message.hpp"
#include "messages/trajectory.hpp"
#include "messages/worker_metrics.hpp"

namespace amb::messages {

using push_atom = caf::atom_constant<caf::atom("push")>;
using pull_atom = caf::atom_constant<caf::atom("pull")>;
using cursor_atom = caf::atom_constant<caf::atom("cursor")>;
using stats_atom = caf::atom_constant<caf::atom("stats")>;
using event_atom = caf::atom_constant<caf::atom("event")>;
using wait_atom = caf::atom_constant<caf::atom("wait")>;
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using metrics_atom = caf::atom_constant<caf::atom("metrics")>;
using eval_atom = caf::atom_constant<caf::atom("eval")>;
using join_atom = caf::atom_constant<caf::atom("join")>;
using record_atom = caf::atom_constant<caf::atom("record")>;
using label_atom = caf::atom_constant<caf::atom("label")>;
// A liveness check: a supervised worker answers it between its steps (actors/supervisor.hpp).
using ping_atom = caf::atom_constant<caf::atom("ping")>;
// gate(units) -> units done: sequential mode's phases (see actors/work_gate.hpp)
using gate_atom = caf::atom_constant<caf::atom("gate")>;
// stop(reason): end the run now, as its budget would (a signal, the user)
using stop_atom = caf::atom_constant<caf::atom("stop")>;
using leave_atom = caf::atom_constant<caf::atom("leave")>;

/// Append-only log of trajectories with per-consumer cursors.
using data_buffer_actor = caf::typed_actor<
    // push(trajectory) -> the sequence number it was stored under
    caf::replies_to<push_atom, trajectory>::with<uint64_t>,
    // pull(consumer, cursor, max) -> up to max trajectories from the cursor on; never destructive
    caf::replies_to<pull_atom, std::string, uint64_t, uint32_t>::with<trajectory_batch>,
    // cursor(consumer) -> the cursor that consumer last pulled from (0 if never), for restarts
    caf::replies_to<cursor_atom, std::string>::with<uint64_t>,
    caf::replies_to<stats_atom>::with<buffer_stats>>;

/// Latest versioned parameter blob (policy θ or model φ).
using param_server_actor = caf::typed_actor<
    // push(blob) -> the version now stored
    caf::replies_to<push_atom, param_blob>::with<uint64_t>,
    // pull(have_version) -> the blob if newer than have_version, else changed == false
    caf::replies_to<pull_atom, uint64_t>::with<param_pull_reply>,
    // stats() -> the stored version, without the blob
    caf::replies_to<stats_atom>::with<uint64_t>>;

/// Appends events to the run's events.jsonl.
using event_log_actor = caf::typed_actor<caf::reacts_to<event_atom, event>,
                                         // wait() -> the number of events written; answered after
                                         // every event sent before it
                                         caf::replies_to<wait_atom>::with<uint64_t>>;

/// Writes each worker's metrics rows to progress_<worker>.csv in the run folder.
using metrics_sink_actor =
    caf::typed_actor<caf::reacts_to<metrics_atom, worker_metrics>,
                     // wait() -> rows written; answered after every row sent before it
                     caf::replies_to<wait_atom>::with<uint64_t>>;

/// Runs the graph to its budget.
using coordinator_actor =
    caf::typed_actor<caf::replies_to<stats_atom>::with<run_stats>,
                     // tick: the coordinator's own timer (polls the servers, checks the budget)
                     caf::reacts_to<tick_atom>,
                     // eval(mean return, θ version): the evaluator's latest score
                     caf::reacts_to<eval_atom, double, uint64_t>,
                     // stop(reason): stop the workers now and finish as at the budget
                     caf::reacts_to<stop_atom, std::string>,
                     // join(name, worker, role): a worker started after the coordinator, watched
                     // and stopped like
                     // the others; role is collector, model_learner, policy_learner or evaluator
                     caf::reacts_to<join_atom, std::string, caf::actor, std::string>,
                     // leave(peer) -> true: the attached node `peer` ("peer2") is about to stop
                     // its workers and leave the run; their stops are not losses
                     caf::replies_to<leave_atom, std::string>::with<bool>,
                     // wait() -> the final stats, answered once the budget is reached and the
                     // workers stopped
                     caf::replies_to<wait_atom>::with<run_stats>>;

// attach(request JSON) -> (welcome JSON, the run's servers): the handshake of a node that
// attaches workers to a running node (apps/node_gateway.hpp has both documents).
using attach_atom = caf::atom_constant<caf::atom("attach")>;

/// What `amb node` publishes on its port. The handshake uses only CAF's built-in types (a JSON
/// text and actor handles), so that two builds whose amb type registries differ still talk long
/// enough to be told what differs.
using node_gateway_actor = caf::typed_actor<
    caf::replies_to<attach_atom, std::string>::with<std::string, std::vector<caf::actor>>,
    // ping() -> ping: is the node still there (the attached side asks when its
    // workers fail)
    caf::replies_to<ping_atom>::with<ping_atom>>;

/// Writes the run's message log (recording/log_format.hpp).
using recorder_actor = caf::typed_actor<
    // record(message): a server's copy of a request or reply
    caf::reacts_to<record_atom, tapped_message>,
    // label(actor, name): who "actor#<id>" in the log is
    caf::reacts_to<label_atom, caf::actor_addr, std::string>,
    // tick: the recorder's own timer, to flush
    caf::reacts_to<tick_atom>,
    // wait() -> records written, all of them handed to the operating system
    caf::replies_to<wait_atom>::with<uint64_t>>;

}  // namespace amb::messages
