#include "actors/collector.hpp"

#include <caf/all.hpp>
#include <exception>
#include <numeric>

#include "actors/exception_reason.hpp"
#include "actors/metrics_row.hpp"
#include "actors/parameter_exchange.hpp"
#include "envs/registry.hpp"
#include "hw/robot_link_env.hpp"

namespace amb::actors {

using namespace messages;

namespace {

using episode_atom = caf::atom_constant<caf::atom("episode")>;
using step_atom = caf::atom_constant<caf::atom("step")>;

trajectory finish_episode(collector_state& s, const std::string& source, bool terminated,
                          bool truncated) {
  const auto& info = s.env->info();
  trajectory t;
  t.source = source;
  t.policy_version = s.policy_version;
  t.obs_dim = static_cast<uint32_t>(info.obs_dim);
  t.act_dim = static_cast<uint32_t>(info.act_dim);
  t.length = static_cast<uint32_t>(s.rewards.size());
  t.observations = shared_bytes::from_floats(s.observations.data(), s.observations.size());
  t.actions = shared_bytes::from_floats(s.actions.data(), s.actions.size());
  t.rewards = shared_bytes::from_floats(s.rewards.data(), s.rewards.size());
  t.terminated = terminated;
  t.truncated = truncated;
  t.wall_time = seconds_since(s.episode_start);
  return t;
}

}  // namespace

caf::behavior collector(caf::stateful_actor<collector_state>* self, collector_config config,
                        data_buffer_actor buffer, param_server_actor policy_server,
                        metrics_sink_actor metrics) {
  self->set_exception_handler(exception_reason);
  auto& s = self->state;
  // With a robot the collector is the hardware actor: its episodes come over the link.
  s.env = config.env_options.robot.empty()
              ? envs::make_env(config.env, config.env_options)
              : hw::make_robot_link_env(config.env, config.env_options.robot,
                                        config.env_options.horizon);
  if (!config.make_policy) throw std::invalid_argument(config.name + ": no acting policy given");
  s.policy = config.make_policy();
  s.rng.seed(config.seed);
  s.gate = work_gate(config.gated);
  s.faults = std::make_unique<fault_clock>(config.fault);
  const auto timeout =
      std::chrono::duration_cast<std::chrono::microseconds>(config.request_timeout);
  auto fail = [=](caf::error err) { self->quit(std::move(err)); };
  self->send(self, episode_atom::value);
  return {
      [=](episode_atom) {
        if (!self->state.gate.admit()) return;  // resumed by the next gate request
        self->request(policy_server, timeout, pull_atom::value, self->state.policy_version)
            .then(
                [=](param_pull_reply& reply) {
                  auto& s = self->state;
                  if (reply.changed) {
                    s.policy->load_parameters(view_of(reply.blob));
                    s.policy_version = reply.blob.version;
                  }
                  // The reset counts as part of the episode: on a robot it takes seconds.
                  s.episode_start = std::chrono::steady_clock::now();
                  s.observations = s.env->reset(config.seed + s.episodes);
                  s.actions.clear();
                  s.rewards.clear();
                  self->send(self, step_atom::value);
                },
                fail);
      },
      [=](step_atom) {
        auto& s = self->state;
        const int obs_dim = s.env->info().obs_dim;
        const int act_dim = s.env->info().act_dim;
        std::vector<float> action(act_dim);
        const float* obs = s.observations.data() + s.observations.size() - obs_dim;
        s.policy->act(obs, static_cast<int>(s.rewards.size()), s.rng, action.data());
        auto result = s.env->step(action);
        ++s.steps_taken;
        s.actions.insert(s.actions.end(), action.begin(), action.end());
        s.rewards.push_back(result.reward);
        s.observations.insert(s.observations.end(), result.observation.begin(),
                              result.observation.end());
        if (!result.terminated && !result.truncated) {
          self->send(self, step_atom::value);
          return;
        }
        if (s.faults->strike(s.observations)) return hang(self);
        auto t = finish_episode(s, config.name, result.terminated, result.truncated);
        // The row is sent once the trajectory is stored, with how far θ moved meanwhile.
        learners::metrics row = {
            {"episode_return", std::accumulate(s.rewards.begin(), s.rewards.end(), 0.0)},
            {"episode_length", double(t.length)},
            {"policy_version", double(t.policy_version)},
            {"env_steps", double(s.steps_taken)},
            {"steps_per_second", t.length / t.wall_time}};
        const uint64_t used_version = t.policy_version;
        self->request(buffer, timeout, push_atom::value, std::move(t))
            .then(
                [=](uint64_t) {
                  ++self->state.episodes;
                  self->state.gate.consume();
                  self->send(self, episode_atom::value);
                  if (!metrics) return;
                  self->request(policy_server, timeout, stats_atom::value)
                      .then(
                          [=](uint64_t latest) {
                            auto full = row;
                            // Staleness: θ versions pushed since the one this episode acted with.
                            full.emplace_back("policy_staleness", double(latest - used_version));
                            self->send(metrics, metrics_atom::value,
                                       metrics_row(config.name, full));
                          },
                          fail);
                },
                fail);
      },
      [=](stats_atom) { return self->state.steps_taken; },
      [](ping_atom) { return ping_atom::value; },
      gate_handler(self, episode_atom::value),
  };
}

}  // namespace amb::actors
