#include "actors/model_learner.hpp"

#include <caf/all.hpp>

#include "actors/exception_reason.hpp"
#include "actors/metrics_row.hpp"
#include "actors/parameter_exchange.hpp"
#include "learners/compute_threads.hpp"

namespace amb::actors {

using namespace messages;

namespace {
using step_atom = caf::atom_constant<caf::atom("step")>;

}  // namespace

caf::behavior model_learner(caf::stateful_actor<model_learner_state>* self,
                            model_learner_config config, data_buffer_actor buffer,
                            param_server_actor model_server, metrics_sink_actor metrics) {
  self->set_exception_handler(exception_reason);
  learners::set_compute_threads(config.torch_threads);  // runs on the learner's own thread
  self->state.ensemble = std::make_unique<learners::dynamics_ensemble>(
      config.obs_dim, config.act_dim, config.ensemble, config.seed);
  self->state.gate = work_gate(config.gated);
  self->state.faults = std::make_unique<fault_clock>(config.fault);
  const auto timeout =
      std::chrono::duration_cast<std::chrono::microseconds>(config.request_timeout);
  const auto idle = std::chrono::duration_cast<std::chrono::microseconds>(config.idle_poll);
  auto fail = [=](caf::error err) { self->quit(std::move(err)); };

  // A fresh instance (a restart, or a resumed run) goes on from the latest φ and rebuilds its
  // dataset from the start of the buffer's window: its predecessor's dataset was in memory only.
  pull_latest_parameters(
      self, model_server, timeout,
      [=](const param_blob& phi) {
        self->state.ensemble->set_parameters(phi.values.floats(), phi.values.float_count());
        self->state.version = phi.version;
      },
      [=] {
        self->state.cursor = 0;
        self->send(self, step_atom::value);
      },
      fail);

  return {
      [=](step_atom) {
        if (!self->state.gate.admit()) return;  // resumed by the next gate request
        self->request(buffer, timeout, pull_atom::value, config.name, self->state.cursor,
                      config.pull_max)
            .then(
                [=](trajectory_batch& batch) {
                  auto& s = self->state;
                  for (const auto& t : batch.trajectories) {
                    const float* obs = t.observations.floats();
                    s.ensemble->add_transitions(obs, t.actions.floats(), obs + t.obs_dim, t.length);
                  }
                  s.cursor = batch.next_cursor;
                  // Sequential mode: every member early-stopped ends the model phase.
                  if (s.ensemble->all_stopped() && s.gate.gated()) s.gate.finish();
                  if (s.ensemble->transitions() < 2 || s.ensemble->all_stopped()) {
                    self->delayed_send(self, idle, step_atom::value);
                    return;
                  }
                  auto m = s.ensemble->train_epoch();
                  ++s.epochs;
                  auto phi = s.ensemble->parameters();
                  if (s.faults->strike(phi)) return hang(self);
                  push_parameters(
                      self, model_server, timeout, "model", config.name, s.version + 1, phi,
                      [=](uint64_t version) {
                        auto& s = self->state;
                        s.version = version;
                        s.gate.consume();
                        auto row = m;
                        row.emplace_back("epoch", double(s.epochs));
                        row.emplace_back("model_version", double(version));
                        row.emplace_back("transitions", double(s.ensemble->transitions()));
                        row.emplace_back("cursor", double(s.cursor));
                        if (metrics)
                          self->send(metrics, metrics_atom::value, metrics_row(config.name, row));
                        self->send(self, step_atom::value);
                      },
                      fail);
                },
                fail);
      },
      gate_handler(self, step_atom::value),
      [](ping_atom) { return ping_atom::value; },
  };
}

}  // namespace amb::actors
