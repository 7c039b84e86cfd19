#include "actors/evaluator.hpp"

#include <caf/all.hpp>
#include <random>

#include "actors/episode_returns.hpp"
#include "actors/exception_reason.hpp"
#include "actors/metrics_row.hpp"
#include "actors/metrics_sink.hpp"
#include "actors/parameter_exchange.hpp"
#include "envs/registry.hpp"

namespace amb::actors {

using namespace messages;

namespace {

using evaluate_atom = caf::atom_constant<caf::atom("evaluate")>;

// The evaluator's own columns (progress_evaluator.csv): the spread of the returns, then where
// the run stood.
learners::metrics evaluation_row(const return_spread& r, uint64_t version, const buffer_stats& b) {
  return {{"eval_return", r.mean},
          {"eval_return_std", r.std},
          {"eval_return_min", r.min},
          {"eval_return_max", r.max},
          {"eval_episodes", double(r.episodes)},
          {"policy_version", double(version)},
          {"env_steps", double(b.env_steps)},
          {"trajectories", double(b.trajectories_pushed)}};
}

// The mean over the acting policy's other policies (MB-MPO's adapted ones, MAAC's planner) of
// their mean returns on the same start states; it acts as its first policy again after.
double mean_of_other_policies(envs::environment& env, learners::acting_policy& policy,
                              const evaluator_config& config) {
  double sum = 0;
  for (size_t i = 1; i < policy.policy_count(); ++i) {
    policy.select_policy(i);
    sum += spread_of(episode_returns(env, policy, config.episodes, config.seed)).mean;
  }
  policy.select_policy(0);
  return sum / double(policy.policy_count() - 1);
}

// progress.csv: the evaluation and the run's counters, one row per evaluation.
learners::metrics run_row(learners::metrics row, const run_stats& s) {
  const std::pair<const char*, double> counters[] = {
      {"model_version", double(s.model_version)},
      {"steps_taken", double(s.steps_taken)},
      {"trajectories_rejected", double(s.buffer.rejected)},
      {"workers_alive", double(s.workers_alive)},
      {"crashes", double(s.crashes)},
      {"restarts", double(s.restarts)},
      {"peers_joined", double(s.peers_joined)},
      {"peers_lost", double(s.peers_lost)}};
  for (const auto& [name, value] : counters) row.emplace_back(name, value);
  return row;
}

}  // namespace

caf::behavior evaluator(caf::stateful_actor<evaluator_state>* self, evaluator_config config,
                        data_buffer_actor buffer, param_server_actor policy_server,
                        coordinator_actor coordinator, metrics_sink_actor metrics) {
  self->set_exception_handler(exception_reason);
  auto& s = self->state;
  s.env = envs::make_env(config.env, {config.horizon, 0, ""});
  if (!config.make_policy) throw std::invalid_argument(config.name + ": no acting policy given");
  s.policy = config.make_policy();
  const auto timeout =
      std::chrono::duration_cast<std::chrono::microseconds>(config.request_timeout);
  const auto interval = std::chrono::duration_cast<std::chrono::microseconds>(config.interval);
  auto fail = [=](caf::error err) { self->quit(std::move(err)); };
  self->send(self, evaluate_atom::value);
  return {
      [=](evaluate_atom) {
        self->request(policy_server, timeout, pull_atom::value, self->state.version)
            .then(
                [=](param_pull_reply& reply) {
                  if (!reply.changed) {
                    self->delayed_send(self, interval, evaluate_atom::value);
                    return;
                  }
                  self->request(buffer, timeout, stats_atom::value)
                      .then(
                          [=](buffer_stats& b) {
                            auto& s = self->state;
                            s.policy->load_parameters(view_of(reply.blob));
                            s.version = reply.blob.version;
                            const auto spread = spread_of(
                                episode_returns(*s.env, *s.policy, config.episodes, config.seed));
                            self->send(coordinator, eval_atom::value, spread.mean, s.version);
                            auto row = evaluation_row(spread, s.version, b);
                            if (config.other_policies && s.policy->policy_count() > 1)
                              row.emplace_back("eval_return_" + s.policy->other_policies_label(),
                                               mean_of_other_policies(*s.env, *s.policy, config));
                            if (metrics)
                              self->send(metrics, metrics_atom::value,
                                         metrics_row(config.name, row));
                            self->delayed_send(self, interval, evaluate_atom::value);
                            if (!metrics || !config.writes_run_table) return;
                            self->request(coordinator, timeout, stats_atom::value)
                                .then(
                                    [=](run_stats& stats) {
                                      self->send(metrics, metrics_atom::value,
                                                 metrics_row(run_table, run_row(row, stats)));
                                    },
                                    fail);
                          },
                          fail);
                },
                fail);
      },
      [](ping_atom) { return ping_atom::value; },
  };
}

}  // namespace amb::actors
