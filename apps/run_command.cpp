#include <caf/all.hpp>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/commands.hpp"
#include "apps/config_document.hpp"
#include "apps/learner_configs.hpp"
#include "apps/progress_line.hpp"
#include "apps/run_config.hpp"
#include "apps/run_graph.hpp"
#include "apps/run_launch.hpp"
#include "apps/run_state.hpp"
#include "apps/stop_signals.hpp"
#include "envs/registry.hpp"
#include "messages/registration.hpp"

namespace amb::apps {

namespace fs = std::filesystem;

namespace {

// What `amb run --help` says after the options; %s: the default job, then the keys.
constexpr const char* run_details = R"(
Builds the actor graph of CONFIG (the default job below when none is given), runs it
until its budget is reached (budget.trajectories, budget.env_steps or budget.wall_seconds,
whichever comes first; 0 leaves a limit off) and writes the run folder:
  DIR/params.json    the resolved configuration
  DIR/events.jsonl   one JSON line per event (actor started, stopped, crashed, ...)
  DIR/summary.json   the run's final counters
  DIR/progress_<worker>.csv  one row per step of each worker (see amb plot)
  DIR/messages.amblog  with --record: every message to and from the servers (see amb replay)
  DIR/buffer/        every acknowledged trajectory, written before the acknowledgement
  DIR/checkpoint/    the latest θ, φ and learners' states and the run's counters, every
                     checkpoint.interval_seconds and at the end

A run that was killed (even with SIGKILL) or stopped by its supervisor goes on with
  amb run --resume DIR
from its stored trajectories (none that was acknowledged is lost) and its last checkpoint of
θ, φ and counters, with the configuration in DIR/params.json; versions continue upwards. A
sequential run goes on in the phase it stopped in, with what was left of that phase.

Ctrl-C (SIGINT) or SIGTERM stops the run as its budget would: the workers stop, θ, φ, the
learners' states and the counters are checkpointed, summary.json says "stopped by SIGINT", and
--resume goes on from there. A second signal ends the process at once (every acknowledged
trajectory is already on disk).

Exit codes: 0 the budget was reached; 1 the run failed (e.g. every collector crashed);
2 bad usage or configuration, or a run folder that cannot be resumed (damaged data is named
with its file and byte offset, and left as it is); 130 and 143 stopped by SIGINT or SIGTERM.

Without CONFIG, the default job runs: asynchronous ME-TRPO on HalfCheetah, 150 episodes of 200
steps paced at 0.01 s a step (5 minutes). It is this configuration:
%s
over the built-in values, which are also what a CONFIG takes for the keys it leaves out (they
are the reacher's, which learns within a minute). A value outside its valid values is refused,
naming the key; so is a key the algorithm does not take.

%s)";

std::string default_run_dir(const std::string& env_name) {
  return "runs/" + run_folder_stamp() + "-" + env_name;
}

// A run folder is never overwritten: results of an earlier run are not to be lost.
// A new run writes only into a new or empty folder: the files of anything else there (another
// run's progress files) would be appended to or mixed with its own.
void prepare_run_dir(const std::string& dir) {
  std::error_code error;
  if (fs::exists(dir, error)) {
    if (!fs::is_directory(dir, error))
      throw config_error("--out " + dir + ": not a folder; choose a new or empty folder");
    for (const auto& entry : fs::directory_iterator(dir, error))
      throw config_error("--out " + dir + ": not empty (it holds " +
                         entry.path().filename().string() + "); choose a new or empty folder");
  }
  if (fs::create_directories(dir, error); error)
    throw config_error("--out " + dir + ": cannot create the folder: " + error.message());
}

nlohmann::json summary_of(const messages::run_stats& s) {
  return {{"env_steps", s.buffer.env_steps},
          {"trajectories_pushed", s.buffer.trajectories_pushed},
          {"trajectories_stored", s.buffer.trajectories_stored},
          {"trajectories_rejected", s.buffer.rejected},
          {"policy_version", s.policy_version},
          {"model_version", s.model_version},
          {"restarts", s.restarts},
          {"crashes", s.crashes},
          {"peers_joined", s.peers_joined},
          {"peers_left", s.peers_left},
          {"peers_lost", s.peers_lost},
          {"last_eval_return", s.evaluated ? nlohmann::json(s.last_eval_return) : nlohmann::json()},
          {"wall_seconds", s.elapsed},
          {"stop_reason", s.budget_reached        ? "budget"
                          : !s.stopped_by.empty() ? "stopped by " + s.stopped_by
                          : !s.failure.empty()    ? "failed: " + s.failure
                          : s.escalated           ? "supervisor escalated: restart budget exceeded"
                                                  : "all workers down"}};
}

// The configuration of a new run: the file's, then --set and --inject.
run_config config_of(const run_arguments& parsed) {
  const nlohmann::json user =
      parsed.config_path.empty() ? default_job() : read_json_file(parsed.config_path);
  auto sets = parsed.sets;
  if (parsed.record) sets.push_back("record.enabled=true");
  if (!parsed.faults.empty()) {
    // Added to the faults the file names, as one more assignment after the user's own.
    auto faults = resolve_run_config(user, parsed.sets).faults;
    faults.insert(faults.end(), parsed.faults.begin(), parsed.faults.end());
    sets.push_back("faults=" + nlohmann::json(faults).dump());
  }
  return resolve_run_config(user, sets);
}

// The configuration a run in `dir` was started with; refuses a run that has already finished.
run_config config_to_resume(const std::string& dir) {
  const auto params = fs::path(dir) / "params.json";
  if (!fs::exists(params))
    throw config_error("--resume " + dir + ": no run there (no params.json)");
  const auto summary = fs::path(dir) / "summary.json";
  if (fs::exists(summary) && read_json_file(summary.string()).value("stop_reason", "") == "budget")
    throw config_error("--resume " + dir + ": the run has already reached its budget (" +
                       summary.string() + "); nothing to resume");
  return resolve_run_config(read_json_file(params.string()), {});
}

}  // namespace

std::string run_folder_stamp() {
  const std::time_t now = std::time(nullptr);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", std::localtime(&now));
  return stamp;
}

void add_run_options(CLI::App* command, run_arguments& args) {
  command->add_option("CONFIG", args.config_path, "the run's configuration (JSON)")
      ->type_name("CONFIG.json");
  auto* out = command
                  ->add_option("--out", args.out_dir,
                               "run folder (default: runs/<date>-<time>-<env>); new or empty")
                  ->type_name("DIR");
  auto* record = command->add_flag("--record", args.record,
                                   "record the run's messages (as --set record.enabled=true)");
  auto* inject =
      command
          ->add_option("--inject", args.faults,
                       "make a worker fail every SECONDS seconds, to watch supervision restart "
                       "it: WORKER collector (each of them), model_learner or policy_learner; "
                       "KIND throw (its step throws), nan (a NaN in what it pushes, which is "
                       "refused) or stall (it hangs until supervision.stall_seconds without an "
                       "answer to a liveness check get it restarted); repeatable")
          ->type_name("WORKER:KIND:SECONDS")
          ->allow_extra_args(false);
  auto* set = command
                  ->add_option("--set", args.sets,
                               "override one key, e.g. --set budget.env_steps=5000 --set "
                               "env.name=hopper (value read as JSON when it parses, else as a "
                               "string); repeatable")
                  ->type_name("KEY=VALUE")
                  ->allow_extra_args(false);
  // A resumed run keeps the configuration it was started with.
  command
      ->add_option("--resume", args.resume_dir,
                   "continue the run in DIR with its DIR/params.json (no CONFIG, --out, --set, "
                   "--record or --inject goes with it)")
      ->type_name("DIR")
      ->excludes(out, record, inject, set);
  command->callback([command, &args] {
    if (!args.resume_dir.empty() && command->count("CONFIG") > 0)
      throw CLI::ValidationError("--resume",
                                 "takes no CONFIG: the run goes on with "
                                 "DIR/params.json");
    if (command->count("--out") > 0 && args.out_dir.empty())
      throw CLI::ValidationError("--out", "empty; name a new or empty folder");
  });
}

void add_run_command(command_table& table) {
  auto* command = add_command(table.amb, "run",
                              "Run a single-node actor graph to its budget, with a live "
                              "progress line and a run folder",
                              "");
  command->footer([] {
    std::vector<char> text(64 * 1024);
    std::snprintf(text.data(), text.size(), run_details, default_job().dump(2).c_str(),
                  describe_keys().c_str());
    return std::string(text.data());
  });
  auto args = std::make_shared<run_arguments>();
  add_run_options(command, *args);
  table.add(command, [args] { return launch_run(*args, run_launch{}); });
}

int launch_run(const run_arguments& parsed, const run_launch& launch) {
  const std::string prefix = std::string("amb ") + launch.command + ": ";
  run_config config;
  std::string out_dir;
  run_state state;
  bool resuming = false;
  try {
    resuming = !parsed.resume_dir.empty();
    if (resuming) {
      out_dir = parsed.resume_dir;
      config = config_to_resume(out_dir);
    } else {
      config = config_of(parsed);
      out_dir = parsed.out_dir.empty() ? default_run_dir(config.env.name) : parsed.out_dir;
      prepare_run_dir(out_dir);
    }
  } catch (const config_error& e) {
    std::cerr << prefix << e.what() << "\n";
    return 2;
  }
  const auto info = envs::make_env(config.env.name, {config.env.horizon, 0, ""})->info();
  const auto buffer = data_buffer_config_of(config, info);
  if (resuming) {
    try {
      state = load_run_state(out_dir, expectation_of(config));
    } catch (const std::exception& e) {  // damage, named with its file and offset; read only
      std::cerr << prefix << "cannot resume " << out_dir << ": " << e.what() << "\n";
      return 2;
    }
    std::cout << "[amb] resuming " << out_dir << ": " << state.buffer->stats().trajectories_pushed
              << " stored trajectories, θ v" << state.version_of("policy") << ", φ v"
              << state.version_of("model") << ", " << state.counters.elapsed << " s run so far\n";
    for (const auto& note : state.notes) std::cout << "[amb] note: " << note << "\n";
  } else {
    state = new_run_state(buffer);
    write_json((fs::path(out_dir) / "params.json").string(), to_json(config));
    if (launch.prepared) launch.prepared(out_dir);
    std::cout << "[amb] run folder " << out_dir << "\n";
  }

  caf::actor_system_config cfg;
  messages::register_types(cfg);
  cfg.set("scheduler.max-threads", config.runtime.threads);
  if (launch.configure) launch.configure(cfg);
  caf::actor_system system{cfg};
  auto plan = launch.plan ? launch.plan(config, state.generation) : single_node(config);
  const stop_signals signals;
  plan.stop_requested = &stop_signals::received;

  progress_line progress(stdout, config.budget,
                         std::chrono::duration<double>(config.runtime.progress_seconds));
  const auto stats = run_graph(system, config, out_dir, std::move(state), plan,
                               [&](const messages::run_stats& s) { progress.update(s); });
  write_json((fs::path(out_dir) / "summary.json").string(), summary_of(stats));
  const auto how = stats.budget_reached        ? std::string("budget reached")
                   : !stats.stopped_by.empty() ? "stopped by " + stats.stopped_by
                   : !stats.failure.empty()    ? "failed: " + stats.failure
                                               : std::string("stopped early");
  std::cout << "[amb] " << how << ": " << stats.buffer.trajectories_pushed << " trajectories, "
            << stats.buffer.env_steps << " env steps; results in " << out_dir << "\n";
  if (!stats.stopped_by.empty()) {
    std::cout << "[amb] go on with: amb " << launch.command << " --resume " << out_dir << "\n";
    return stop_signals::exit_code();
  }
  return stats.budget_reached ? 0 : 1;
}

}  // namespace amb::apps
