#include "actors/evaluator.hpp"

#include <caf/all.hpp>
#include <random>

#include "actors/exception_reason.hpp"
#include "actors/metrics_row.hpp"
#include "actors/parameter_exchange.hpp"
#include "envs/registry.hpp"

namespace amb::actors {

using namespace messages;

namespace {

using evaluate_atom = caf::atom_constant<caf::atom("evaluate")>;

// Mean undiscounted return of the acting policy over `episodes` seeded episodes.
double evaluate(evaluator_state& s, const evaluator_config& config) {
  double total = 0;
  std::vector<float> action(s.env->info().act_dim);
  std::mt19937_64 rng(config.seed);  // the same draws each time, for policies that draw at all
  for (int e = 0; e < config.episodes; ++e) {
    auto obs = s.env->reset(config.seed + e);
    for (int t = 0;; ++t) {
      s.policy->act(obs.data(), t, rng, action.data());
      auto result = s.env->step(action);
      total += result.reward;
      if (result.terminated || result.truncated) break;
      obs = std::move(result.observation);
    }
  }
  return total / config.episodes;
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
                            const double mean_return = evaluate(s, config);
                            self->send(coordinator, eval_atom::value, mean_return, s.version);
                            if (metrics)
                              self->send(
                                  metrics, metrics_atom::value,
                                  metrics_row(config.name,
                                              {{"eval_return", mean_return},
                                               {"policy_version", double(s.version)},
                                               {"env_steps", double(b.env_steps)},
                                               {"trajectories", double(b.trajectories_pushed)}}));
                            self->delayed_send(self, interval, evaluate_atom::value);
                          },
                          fail);
                },
                fail);
      },
      [](ping_atom) { return ping_atom::value; },
  };
}

}  // namespace amb::actors
