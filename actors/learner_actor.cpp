#include "actors/learner_actor.hpp"

#include <caf/all.hpp>
#include <functional>
#include <stdexcept>

#include "actors/background_thread.hpp"
#include "actors/exception_reason.hpp"
#include "actors/metrics_row.hpp"
#include "actors/parameter_exchange.hpp"
#include "learners/compute_threads.hpp"

namespace amb::actors {

using namespace messages;

namespace {

using step_atom = caf::atom_constant<caf::atom("step")>;
using self_pointer = caf::stateful_actor<learner_actor_state>*;

// What every message handler of one instance works with.
struct wiring {
  learner_actor_config config;
  data_buffer_actor buffer;
  parameter_servers servers;
  metrics_sink_actor metrics;
  std::chrono::microseconds timeout;
  std::chrono::microseconds idle;
  parameter_origin origin;  // what its blobs say of themselves

  const param_server_actor& server(const std::string& name) const {
    const auto it = servers.find(name);
    if (it == servers.end())
      throw std::invalid_argument(config.name + ": the run has no '" + name + "' server");
    return it->second;
  }
};
using wiring_ptr = std::shared_ptr<const wiring>;

// The server of its state; none when it is given none (a replayed learner).
const param_server_actor* state_server(const wiring& w) {
  const auto it = w.servers.find(w.config.state_server);
  return it == w.servers.end() ? nullptr : &it->second;
}

auto failure(self_pointer self) {
  return [self](caf::error err) { self->quit(std::move(err)); };
}

// Loads the newer parameters of the servers the slot reads, from the i-th on, then `next()`.
void pull_reads(self_pointer self, const wiring_ptr& w, size_t i, std::function<void()> next) {
  const auto& reads = w->config.slot.reads;
  if (i == reads.size()) return next();
  const std::string name = reads[i];
  self->request(w->server(name), w->timeout, pull_atom::value, self->state.read_versions[name])
      .then(
          [=](param_pull_reply& reply) {
            if (reply.changed) {
              self->state.learner->load_parameters(name, view_of(reply.blob));
              self->state.read_versions[name] = reply.blob.version;
            }
            pull_reads(self, w, i + 1, next);
          },
          failure(self));
}

// The progress row of a step that pushed version `version`.
learners::metrics progress_row(const learner_actor_state& s, const wiring& w,
                               learners::metrics values, uint64_t version) {
  values.emplace_back("step", double(s.steps));
  values.emplace_back(w.config.slot.produces + "_version", double(version));
  for (const auto& [name, read_version] : s.read_versions)
    values.emplace_back(name + "_version", double(read_version));
  values.emplace_back("cursor", double(s.cursor));
  return values;
}

// After a step's parameters are stored: its state, then the progress row, then the next step.
void push_state_and_report(self_pointer self, const wiring_ptr& w, learners::metrics row) {
  auto report = [=] {
    if (w->metrics) self->send(w->metrics, metrics_atom::value, metrics_row(w->config.name, row));
    self->send(self, step_atom::value);
  };
  const auto* server = state_server(*w);
  if (!server) return report();  // nobody keeps it: not even written out (a replayed learner)
  auto state = self->state.learner->state();
  if (state.empty()) return report();  // a learner without state pushes none
  const auto& name = w->config.state_server;
  push_parameters(
      self, *server, w->timeout, name, w->origin, self->state.state_version + 1,
      state_parameters(std::move(state)),
      [=](uint64_t version) {
        self->state.state_version = version;
        report();
      },
      failure(self));
}

// One step of the learner on what it has; pushes what it produced, then loops.
void step_and_push(self_pointer self, const wiring_ptr& w) {
  auto& s = self->state;
  auto outcome = s.learner->step();
  if (outcome.status != learners::step_status::stepped) {
    // Sequential mode: nothing left to learn from this phase's data ends the phase.
    if (outcome.status == learners::step_status::settled && s.gate.gated()) s.gate.finish();
    self->delayed_send(self, w->idle, step_atom::value);
    return;
  }
  ++s.steps;
  auto values = s.learner->parameters();
  if (s.faults->strike(values.values)) return hang(self);
  const auto& produces = w->config.slot.produces;
  push_parameters(
      self, w->server(produces), w->timeout, produces, w->origin, s.version + 1, values,
      [=, metrics = std::move(outcome.values)](uint64_t version) {
        auto& s = self->state;
        s.version = version;
        s.gate.consume();
        push_state_and_report(self, w, progress_row(s, *w, metrics, version));
      },
      failure(self));
}

void pull_episodes_and_step(self_pointer self, const wiring_ptr& w) {
  self->request(w->buffer, w->timeout, pull_atom::value, w->config.name, self->state.cursor,
                w->config.pull_max)
      .then(
          [=](trajectory_batch& batch) {
            auto& s = self->state;
            uint64_t seq = batch.first_seq;
            for (const auto& t : batch.trajectories)
              s.learner->add_episode({t.observations.floats(), t.actions.floats(),
                                      t.rewards.floats(), t.length, t.terminated, seq++});
            s.cursor = batch.next_cursor;
            step_and_push(self, w);
          },
          failure(self));
}

// Once its own parameters are loaded: its state, then where its data left off, then the loop.
void resume_state_and_data(self_pointer self, const wiring_ptr& w) {
  auto start_reading = [=] {
    if (w->config.slot.rereads_window) {
      self->state.cursor = 0;
      self->send(self, step_atom::value);
      return;
    }
    self->request(w->buffer, w->timeout, cursor_atom::value, w->config.name)
        .then(
            [=](uint64_t cursor) {
              self->state.cursor = cursor;
              self->send(self, step_atom::value);
            },
            failure(self));
  };
  const auto* server = state_server(*w);
  if (!server) return start_reading();
  pull_latest_parameters(
      self, *server, w->timeout,
      [=](const param_blob& state) {
        self->state.learner->load_state(state.values.floats(), state.values.float_count());
        self->state.state_version = state.version;
      },
      start_reading, failure(self));
}

}  // namespace

std::string state_server_of(const std::string& role) {
  return role + ".state";
}

caf::behavior learner_actor(caf::stateful_actor<learner_actor_state>* self,
                            learner_actor_config config, data_buffer_actor buffer,
                            parameter_servers servers, metrics_sink_actor metrics) {
  self->set_exception_handler(exception_reason);
  // Both run on the learner's own thread (it is detached), and LibTorch's worker threads,
  // started from it, inherit the priority.
  run_as_background_thread(config.name);  // "policy_learner", "model_learner@peer1"
  learners::set_compute_threads(config.torch_threads);
  auto& s = self->state;
  s.learner = config.slot.make(config.context);
  s.gate = work_gate(config.gated);
  s.faults = std::make_unique<fault_clock>(config.fault);
  const auto w = std::make_shared<const wiring>(
      wiring{config, buffer, std::move(servers), metrics,
             std::chrono::duration_cast<std::chrono::microseconds>(config.request_timeout),
             std::chrono::duration_cast<std::chrono::microseconds>(config.idle_poll),
             parameter_origin{config.context.algorithm, config.name}});

  // Go on from the parameters its own server holds, and from where its data left off.
  const auto& produces = w->config.slot.produces;
  pull_latest_parameters(
      self, w->server(produces), w->timeout,
      [=](const param_blob& own) {
        self->state.learner->load_parameters(produces, view_of(own));
        self->state.version = own.version;
      },
      [=] { resume_state_and_data(self, w); }, failure(self));

  return {
      [=](step_atom) {
        if (!self->state.gate.admit()) return;  // resumed by the next gate request
        pull_reads(self, w, 0, [=] { pull_episodes_and_step(self, w); });
      },
      gate_handler(self, step_atom::value),
      [](ping_atom) { return ping_atom::value; },
  };
}

}  // namespace amb::actors
