#include "apps/run_graph.hpp"

#include <algorithm>
#include <caf/all.hpp>
#include <stdexcept>

#include "actors/coordinator.hpp"
#include "actors/data_buffer.hpp"
#include "actors/event_log.hpp"
#include "actors/metrics_row.hpp"
#include "actors/metrics_sink.hpp"
#include "actors/param_checkpoint.hpp"
#include "actors/param_server.hpp"
#include "actors/recorder.hpp"
#include "actors/supervisor.hpp"
#include "apps/learner_configs.hpp"
#include "envs/registry.hpp"
#include "learners/compute_threads.hpp"
#include "messages/registration.hpp"

namespace amb::apps {

using namespace messages;

namespace {

// The data buffer's files rotate past this; a run's trajectories rarely come near it.
constexpr uint64_t buffer_segment_bytes = uint64_t{256} << 20;

// θ version 1: the algorithm's initial policy, pushed before any collector starts so that all
// of them act with the same parameters, taken from the server like every later version.
void push_initial_policy(caf::scoped_actor& self, const param_server_actor& server,
                         const run_config& config, uint64_t version,
                         std::chrono::duration<double> timeout) {
  const auto theta = algorithm_of(config).initial_policy(learner_context_of(config));
  auto blob = param_blob::make("policy", "amb-run", config.algorithm, version, theta.layout,
                               shared_bytes::from_floats(theta.values.data(), theta.values.size()));
  self->request(server, std::chrono::duration_cast<std::chrono::microseconds>(timeout),
                push_atom::value, std::move(blob))
      .receive([](uint64_t) {},
               [&](caf::error& err) {
                 throw std::runtime_error("initial policy refused: " + self->system().render(err));
               });
}

// With record.enabled, the Recorder writing RUN_DIR/messages.amblog; otherwise none.
recorder_actor spawn_recorder(caf::actor_system& system, const run_config& config,
                              const std::string& out_dir) {
  if (!config.record.enabled) return {};
  actors::recorder_config rc;
  rc.path = out_dir + "/messages.amblog";
  rc.header.run_config = to_json(config);
  rc.header.types = type_registry();
  rc.segment_bytes = config.record.segment_megabytes << 20;
  return system.spawn<caf::detached>(actors::recorder, rc);
}

actors::message_tap tap_of(const recorder_actor& recorder, const std::string& server) {
  if (!recorder) return {};
  return actors::message_tap(recorder, server);
}

// A resumed policy server must not serve a θ under a version number that stored trajectories
// already name for other parameters (pushed after the last checkpoint, lost with the process):
// its checkpointed θ moves past them. Trajectories that name the checkpoint's own version acted
// with the checkpoint's θ. Returns the note for the event log, or "" when nothing moved.
std::string move_past_used_versions(run_state& state) {
  const auto old = state.version_of("policy");
  if (old == 0 || old >= state.newest_policy_used) return "";
  auto& policy = state.parameters["policy"];
  policy.version = state.newest_policy_used + 1;
  return "θ v" + std::to_string(old) + " from the checkpoint is served as v" +
         std::to_string(policy.version) + ": the versions after it, up to v" +
         std::to_string(state.newest_policy_used) + ", were lost with the stopped process";
}

}  // namespace

node_plan single_node(const run_config& config) {
  node_plan plan;
  plan.local.collectors = config.collectors.count;
  plan.local.model_learner = plan.local.policy_learner = plan.local.evaluator = true;
  return plan;
}

run_stats run_graph(caf::actor_system& system, const run_config& config, const std::string& out_dir,
                    run_state state, const node_plan& plan,
                    const std::function<void(const run_stats&)>& on_progress) {
  const std::chrono::duration<double> timeout(config.runtime.request_timeout_seconds);
  learners::set_compute_threads(config.runtime.torch_threads);

  const std::chrono::duration<double> checkpoint_interval(config.checkpoint.interval_seconds);

  auto events = system.spawn(actors::event_log, out_dir + "/events.jsonl");
  auto metrics = system.spawn(actors::metrics_sink, out_dir, state.counters.elapsed);
  auto note = [&](const std::string& kind, const std::string& detail) {
    caf::anon_send(events, event_atom::value,
                   event{state.counters.elapsed, kind, "amb-run", detail});
  };
  if (state.generation > 0) {
    note("resumed", "resume " + std::to_string(state.counters.resumes) + ": " +
                        std::to_string(state.buffer->stats().trajectories_pushed) +
                        " trajectories, θ v" + std::to_string(state.version_of("policy")) +
                        ", φ v" + std::to_string(state.version_of("model")));
    for (const auto& text : state.notes) note("resumed", text);
  }
  if (auto moved = move_past_used_versions(state); !moved.empty()) note("resumed", moved);
  state.buffer->persist_to(std::make_unique<actors::trajectory_store>(
      buffer_dir(out_dir), state.generation, to_json(config), buffer_segment_bytes,
      checkpoint_interval));

  auto recorder = spawn_recorder(system, config, out_dir);
  if (recorder) {
    // A recorder that fails (a full disk) must not go unnoticed: the run goes on unrecorded.
    const auto start = std::chrono::steady_clock::now();
    recorder->attach_functor([events, start](const caf::error& reason) {
      if (reason && reason != caf::exit_reason::user_shutdown)
        caf::anon_send(
            events, event_atom::value,
            event{actors::seconds_since(start), "crashed", "recorder", caf::to_string(reason)});
    });
  }
  auto buffer = system.spawn(actors::data_buffer, state.buffer, tap_of(recorder, "data_buffer"));
  const bool policy_restored = state.version_of("policy") > 0;
  // Every server's file exists from the start (version 0: nothing pushed yet), before the
  // coordinator's first checkpoint of the counters: a resume then tells a missing file from
  // one never written.
  for (const auto& name : parameter_server_names(config))
    if (state.version_of(name) == 0) {
      param_blob none_yet;
      none_yet.name = name;
      none_yet.algorithm = config.algorithm;
      actors::write_param_checkpoint(param_checkpoint_path(out_dir, name), none_yet);
    }
  // The parameter servers by name, each checkpointed to its own file; the exchanges of all but
  // the learners' states are recorded.
  actors::parameter_servers parameters;
  const auto recorded = recorded_parameter_servers(config);
  for (const auto& name : parameter_server_names(config)) {
    const bool is_recorded = std::find(recorded.begin(), recorded.end(), name) != recorded.end();
    parameters[name] = system.spawn(
        actors::checkpointed_param_server, name, config.algorithm,
        is_recorded ? tap_of(recorder, recorded_name_of(name)) : actors::message_tap{},
        actors::param_checkpoint_plan{param_checkpoint_path(out_dir, name), checkpoint_interval},
        std::move(state.parameters[name]));
  }
  const auto policy_server = parameters.at("policy");
  const auto model_server =
      parameters.count("model") ? parameters.at("model") : param_server_actor{};

  caf::scoped_actor self{system};
  // Who is who in the message log: its records name actors by ID.
  auto label = [&](const caf::actor& actor, const std::string& name) {
    if (recorder) self->send(recorder, label_atom::value, actor.address(), name);
  };
  label(caf::actor{self}, "amb-run");
  if (!policy_restored)  // numbered past any version stored trajectories name
    push_initial_policy(self, policy_server, config, state.newest_policy_used + 1, timeout);

  actors::coordinator_config coordinator_config;
  coordinator_config.budget = config.budget;
  coordinator_config.request_timeout = timeout;
  coordinator_config.sequential = config.sequential;
  coordinator_config.phase_roles = {actors::worker_role::collector};
  if (has_model_learner(config))
    coordinator_config.phase_roles.push_back(actors::worker_role::model_learner);
  if (has_policy_learner(config))
    coordinator_config.phase_roles.push_back(actors::worker_role::policy_learner);
  coordinator_config.carried_over = state.counters;
  coordinator_config.carried_over.generations = state.generation + 1;  // this one's file exists
  coordinator_config.counters_path = counters_path(out_dir);
  coordinator_config.checkpoint_interval = checkpoint_interval;
  coordinator_config.wait_for_peers = plan.wait_for_peers;
  auto coordinator =
      system.spawn(actors::coordinator, coordinator_config, buffer, policy_server, model_server,
                   std::vector<actors::named_worker>{}, events, caf::actor{self});
  label(caf::actor_cast<caf::actor>(coordinator), "coordinator");

  run_servers servers{buffer, coordinator, metrics, events, parameters};
  auto placement = plan.local;
  placement.generation = state.generation;
  auto specs = worker_specs(system, config, placement, servers);

  // Every worker is supervised: each (re)start joins the coordinator, which also stops the
  // supervisor first at the end of the run.
  if (recorder)  // the log names each instance of a worker by the worker's name
    for (auto& spec : specs)
      spec.start = [start = spec.start, name = spec.name, recorder] {
        auto handle = start();
        caf::anon_send(recorder, label_atom::value, handle.address(), name);
        return handle;
      };
  auto supervisor = system.spawn(actors::supervisor, supervision_of(config, std::move(specs)),
                                 caf::actor_cast<caf::actor>(coordinator), events);
  self->send(coordinator, join_atom::value, std::string("supervisor"), supervisor,
             std::string("supervisor"));

  // Everything spawned above, stopped at the end of the run, or now if the node cannot open.
  auto stop_servers = [&] {
    for (const caf::actor& server :
         {caf::actor_cast<caf::actor>(coordinator), caf::actor_cast<caf::actor>(buffer),
          caf::actor_cast<caf::actor>(events), caf::actor_cast<caf::actor>(metrics)})
      self->send_exit(server, caf::exit_reason::user_shutdown);
    for (const auto& [name, server] : parameters)
      self->send_exit(server, caf::exit_reason::user_shutdown);
  };
  caf::actor gateway;
  try {
    if (plan.open) gateway = plan.open(servers, state.counters.elapsed);
  } catch (...) {
    self->send_exit(supervisor, caf::exit_reason::user_shutdown);
    if (recorder) self->send_exit(recorder, caf::exit_reason::user_shutdown);
    stop_servers();
    throw;
  }

  // The coordinator reports until the run is finished; should it die instead, say so rather
  // than wait forever.
  self->monitor(coordinator);
  run_stats final_stats;
  bool finished = false;
  bool stop_sent = false;
  self->receive_while([&] { return !finished; })(
      [&](stats_atom, const run_stats& stats) {
        on_progress(stats);
        if (!stop_sent && plan.stop_requested)
          if (auto reason = plan.stop_requested(); !reason.empty()) {
            self->send(coordinator, stop_atom::value, std::move(reason));
            stop_sent = true;
          }
        if (stats.finished) {
          final_stats = stats;
          finished = true;
        }
      },
      [&](caf::down_msg& down) {
        throw std::runtime_error("the coordinator stopped before the run finished: " +
                                 system.render(down.reason));
      });

  // Every event and progress row sent before this is on disk once the writers answer.
  const auto flush_timeout = std::chrono::duration_cast<std::chrono::microseconds>(timeout);
  self->request(events, flush_timeout, wait_atom::value)
      .receive([](uint64_t) {}, [](caf::error&) {});
  self->request(metrics, flush_timeout, wait_atom::value)
      .receive([](uint64_t) {}, [](caf::error&) {});
  if (recorder) {
    self->request(recorder, flush_timeout, wait_atom::value)
        .receive([](uint64_t) {}, [](caf::error&) {});
    self->send_exit(recorder, caf::exit_reason::user_shutdown);
  }
  if (gateway) self->send_exit(gateway, caf::exit_reason::user_shutdown);
  stop_servers();
  return final_stats;
}

run_stats run_new_graph(caf::actor_system& system, const run_config& config,
                        const std::string& out_dir,
                        const std::function<void(const run_stats&)>& on_progress) {
  const auto info = envs::make_env(config.env.name, env_options_of(config))->info();
  return run_graph(system, config, out_dir, new_run_state(data_buffer_config_of(config, info)),
                   single_node(config), on_progress);
}

}  // namespace amb::apps
