// `amb replay LOG --verify --actor A [--until S]`: re-run a learner on its recorded inputs.
#include <caf/all.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "actors/replay_server.hpp"
#include "apps/config_document.hpp"
#include "apps/learner_configs.hpp"
#include "apps/replay.hpp"
#include "messages/registration.hpp"
#include "recording/actor_names.hpp"
#include "recording/payload.hpp"

namespace amb::apps {

using namespace messages;
using ending = actors::replay_outcome::ending;

namespace {

// The run configuration the log was recorded with.
run_config recorded_config(const std::string& log) {
  recording::log_reader reader(log);
  const auto* header = reader.header();
  if (!header) {
    throw config_error("cannot replay: the log's header is damaged (" +
                       recording::describe(*reader.damage()) + ")");
  }
  if (header->types != type_registry())
    throw config_error(
        "the log was recorded by an amb with other message types; replay it "
        "with that build");
  try {
    return resolve_run_config(header->run_config, {});
  } catch (const config_error& e) {
    throw config_error(std::string("the log's run configuration is not one this amb runs: ") +
                       e.what());
  }
}

std::set<std::string> ids_named(const std::map<std::string, std::string>& names,
                                const std::string& actor) {
  std::set<std::string> ids;
  std::string known;
  for (const auto& [id, name] : names) {
    if (name == actor) ids.insert(id);
    known += (known.empty() ? "" : ", ") + name;
  }
  if (ids.empty())
    throw config_error("--actor " + actor + ": no such actor in the log; it has: " + known);
  return ids;
}

// A fresh instance of the learner, configured as in the run, on one thread, not gated (gates
// only delay requests), polling without delay (the log says what each poll returned).
caf::actor spawn_worker(caf::actor_system& system, const run_config& config,
                        const std::string& actor, const caf::actor& buffer,
                        const actors::parameter_servers& servers) {
  std::string learners;
  for (const auto& slot : learner_slots_of(config)) {
    auto lc = learner_actor_config_of(config, slot);
    if (lc.name != actor) {
      learners += (learners.empty() ? "" : ", ") + lc.name;
      continue;
    }
    lc.gated = false;
    lc.torch_threads = 1;
    lc.idle_poll = std::chrono::duration<double>(0);
    return system.spawn<caf::detached>(actors::learner_actor, lc,
                                       caf::actor_cast<data_buffer_actor>(buffer), servers,
                                       metrics_sink_actor{});
  }
  throw config_error("--verify --actor " + actor + ": only the run's learners can be replayed (" +
                     (learners.empty() ? std::string("it has none") : learners) + ")");
}

// The values to `path`, raw, and what they are to `path`.json: the blob without its values.
void write_parameters(const std::string& path, const param_blob& blob) {
  std::ofstream out(path, std::ios::binary);
  out.write(blob.values.data(), static_cast<std::streamsize>(blob.values.size()));
  if (!out) throw std::runtime_error(path + ": cannot write");
  auto sections = nlohmann::json::array();
  for (const auto& s : blob.sections) sections.push_back({{"name", s.name}, {"shape", s.shape}});
  std::ofstream description(path + ".json");
  description << nlohmann::json{{"name", blob.name},
                                {"algorithm", blob.algorithm},
                                {"version", blob.version},
                                {"checksum", blob.checksum},
                                {"sections", sections}}
                     .dump(2)
              << "\n";
  if (!description) throw std::runtime_error(path + ".json: cannot write");
}

int report(const replay_arguments& args, const actors::replay_outcome& o) {
  std::cout << "replayed " << o.exchanges << " exchanges of " << args.actor << "; "
            << o.outputs_checked << " parameter pushes matched the recorded checksums\n";
  switch (o.how) {
    case ending::divergence:
      std::cout << "first divergence at seq " << o.seq << ": " << o.detail << "\n";
      return replay_diverged;
    case ending::damaged:
      std::cerr << "amb replay: damaged log: " << o.detail << "\n";
      return replay_damaged;
    case ending::end_of_log:
      std::cout << "no divergence: " << o.detail << "\n";
      if (!args.until) return 0;
      // Nothing was requested after seq S: what the worker pushed last is as of S all the same.
      std::cout << "the log has no request of " << args.actor << " after seq " << *args.until
                << "\n";
      break;
    case ending::until_reached:
      std::cout << "stopped after seq " << o.seq << " (" << o.detail << ")\n";
      break;
  }
  if (!o.last_output) {
    std::cout << args.actor << " had pushed no parameters by then; nothing written\n";
    return 0;
  }
  const auto& blob = *o.last_output;
  const std::string path =
      args.out.empty() ? args.actor + "-seq" + std::to_string(*args.until) + ".f32" : args.out;
  write_parameters(path, blob);
  std::cout << "wrote " << blob.name << " v" << blob.version << " (" << blob.values.float_count()
            << " floats, checksum " << recording::checksum_text(blob.checksum) << ", pushed at seq "
            << o.last_output_seq << ") to " << path << ", its sections to " << path << ".json\n";
  return 0;
}

}  // namespace

int verify_log(const replay_arguments& args) {
  const run_config config = recorded_config(args.log);
  if (config.runtime.torch_threads != 1)
    std::cerr << "amb replay: warning: the run used runtime.torch_threads="
              << config.runtime.torch_threads
              << "; a replay is bit-exact only for runs on one LibTorch thread\n";
  caf::actor_system_config cfg;
  register_types(cfg);
  cfg.set("scheduler.max-threads", 1);
  caf::actor_system system{cfg};
  const auto ids = ids_named(recording::read_actor_names(system, args.log), args.actor);

  caf::scoped_actor driver{system};
  auto session = std::make_shared<actors::replay_session>(
      recording::recorded_exchanges(args.log, ids), args.until, caf::actor{driver});
  auto buffer = system.spawn(actors::replay_server, std::string("data_buffer"), session);
  std::vector<caf::actor> replayed{buffer};  // stopped at the end
  actors::parameter_servers servers;
  for (const auto& name : recorded_parameter_servers(config)) {
    replayed.push_back(system.spawn(actors::replay_server, recorded_name_of(name), session));
    servers[name] = caf::actor_cast<param_server_actor>(replayed.back());
  }
  auto worker = spawn_worker(system, config, args.actor, buffer, servers);
  replayed.push_back(worker);
  driver->monitor(worker);

  std::optional<actors::replay_outcome> outcome;
  driver->receive(
      [&](actors::replay_done_atom) {
        std::lock_guard<std::mutex> lock(session->mutex);
        outcome = session->outcome;
      },
      [&](caf::down_msg& down) {
        // The worker stopped on its own: that is a divergence too (the recorded one went on).
        std::lock_guard<std::mutex> lock(session->mutex);
        outcome = session->progress;
        outcome->how = ending::divergence;
        outcome->detail = args.actor + " stopped: " + system.render(down.reason);
      });
  for (const auto& a : replayed) driver->send_exit(a, caf::exit_reason::user_shutdown);
  return report(args, *outcome);
}

}  // namespace amb::apps
