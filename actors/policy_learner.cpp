#include "actors/policy_learner.hpp"

#include <caf/all.hpp>

#include "actors/exception_reason.hpp"
#include "actors/metrics_row.hpp"
#include "actors/parameter_exchange.hpp"
#include "learners/compute_threads.hpp"

namespace amb::actors {

using namespace messages;

namespace {

using step_atom = caf::atom_constant<caf::atom("step")>;

// One update from the state's data; returns false when there is not enough data yet.
bool try_update(policy_learner_state& s, const policy_learner_config& config,
                learners::metrics& result) {
  if (config.improver.model_based) {
    // Not the cursor: a restarted learner resumes past data it no longer holds in memory.
    if (!s.improver->has_model() || s.improver->start_state_count() == 0) return false;
    result = s.improver->improve_in_model();
    return true;
  }
  if (s.fresh.size() < static_cast<size_t>(config.paths_per_step)) return false;
  // Equal-length paths (the tasks truncate at their horizon): the shortest sets the length.
  uint32_t steps = s.fresh.front().length;
  for (const auto& t : s.fresh) steps = std::min(steps, t.length);
  const size_t obs_dim = s.fresh.front().obs_dim, act_dim = s.fresh.front().act_dim;
  std::vector<float> obs, act, rew;
  for (const auto& t : s.fresh) {
    obs.insert(obs.end(), t.observations.floats(), t.observations.floats() + (steps + 1) * obs_dim);
    act.insert(act.end(), t.actions.floats(), t.actions.floats() + steps * act_dim);
    rew.insert(rew.end(), t.rewards.floats(), t.rewards.floats() + steps);
  }
  result = s.improver->improve_on_paths(obs.data(), act.data(), rew.data(), s.fresh.size(), steps);
  s.fresh.clear();
  return true;
}

}  // namespace

caf::behavior policy_learner(caf::stateful_actor<policy_learner_state>* self,
                             policy_learner_config config, data_buffer_actor buffer,
                             param_server_actor policy_server, param_server_actor model_server,
                             metrics_sink_actor metrics) {
  self->set_exception_handler(exception_reason);
  learners::set_compute_threads(config.torch_threads);  // runs on the learner's own thread
  self->state.improver = std::make_unique<learners::policy_improver>(
      config.env, config.policy, config.model, config.improver, config.seed);
  self->state.gate = work_gate(config.gated);
  self->state.faults = std::make_unique<fault_clock>(config.fault);
  const auto timeout =
      std::chrono::duration_cast<std::chrono::microseconds>(config.request_timeout);
  const auto idle = std::chrono::duration_cast<std::chrono::microseconds>(config.idle_poll);
  auto fail = [=](caf::error err) { self->quit(std::move(err)); };

  // Start from the served θ and from the cursor the buffer remembers for this learner.
  pull_latest_parameters(
      self, policy_server, timeout,
      [=](const param_blob& theta) {
        self->state.improver->set_parameters(theta.values.floats(), theta.values.float_count());
        self->state.version = theta.version;
      },
      [=] {
        self->request(buffer, timeout, cursor_atom::value, config.name)
            .then(
                [=](uint64_t cursor) {
                  self->state.cursor = cursor;
                  self->send(self, step_atom::value);
                },
                fail);
      },
      fail);

  return {
      [=](step_atom) {
        if (!self->state.gate.admit()) return;  // resumed by the next gate request
        self->request(model_server, timeout, pull_atom::value, self->state.model_version)
            .then(
                [=](param_pull_reply& model) {
                  auto& s = self->state;
                  if (model.changed && config.improver.model_based) {
                    s.improver->set_model(model.blob.values.floats(),
                                          model.blob.values.float_count());
                    s.model_version = model.blob.version;
                  }
                  self->request(buffer, timeout, pull_atom::value, config.name, s.cursor,
                                config.pull_max)
                      .then(
                          [=](trajectory_batch& batch) {
                            auto& s = self->state;
                            for (auto& t : batch.trajectories) {
                              if (config.improver.model_based)
                                s.improver->add_start_states(t.observations.floats(), t.length + 1);
                              else
                                s.fresh.push_back(std::move(t));
                            }
                            s.cursor = batch.next_cursor;
                            learners::metrics m;
                            if (!try_update(s, config, m)) {
                              self->delayed_send(self, idle, step_atom::value);
                              return;
                            }
                            ++s.steps;
                            auto theta = s.improver->parameters();
                            if (s.faults->strike(theta)) return hang(self);
                            push_parameters(
                                self, policy_server, timeout, "policy", config.name, s.version + 1,
                                theta,
                                [=](uint64_t version) {
                                  auto& s = self->state;
                                  s.version = version;
                                  s.gate.consume();
                                  auto row = m;
                                  row.emplace_back("step", double(s.steps));
                                  row.emplace_back("policy_version", double(version));
                                  row.emplace_back("model_version", double(s.model_version));
                                  if (metrics)
                                    self->send(metrics, metrics_atom::value,
                                               metrics_row(config.name, row));
                                  self->send(self, step_atom::value);
                                },
                                fail);
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
