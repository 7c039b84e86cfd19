#include "bench/runtime_bench.hpp"

#include <unistd.h>

#include <caf/all.hpp>
#include <caf/io/all.hpp>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <random>
#include <sstream>

#include "actors/param_server.hpp"
#include "apps/run_config.hpp"
#include "apps/run_graph.hpp"
#include "bench/child_process.hpp"
#include "bench/loopback_echo.hpp"
#include "envs/mujoco_env.hpp"
#include "envs/registry.hpp"
#include "learners/gaussian_mlp_policy.hpp"
#include "learners/registry.hpp"
#include "messages/registration.hpp"
#include "messages/type_ids.hpp"

namespace amb::bench {

using namespace messages;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr const char* bench_env = "half_cheetah";
constexpr size_t policy_floats = 100000;  // 400 KB, a policy of the size the issue names
constexpr auto timeout = std::chrono::seconds(30);

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

// Keeps the compiler from dropping work whose result is not otherwise used.
void keep(const void* p) {
  asm volatile("" : : "r"(p) : "memory");
}

void progress(const std::string& what) {
  std::cerr << "[bench] " << what << std::endl;
}

// -- collector against raw physics -------------------------------------------------------------

// The same work a collector does per step, without actors or messages: observation from the
// state, a policy forward and sample, frame_skip physics steps; a reset every horizon steps.
// Timed after `warm_up` untimed steps, so that caches and the allocator have settled as they
// have in the collector's steady state.
double raw_steps_per_second(int warm_up, int steps) {
  auto env_info = envs::make_env(bench_env)->info();
  auto model = envs::load_embedded_model(std::string(bench_env) + ".xml");
  envs::data_ptr data(mj_makeData(model.get()));
  const int frame_skip =
      static_cast<int>(std::lround(env_info.control_period / model->opt.timestep));
  learners::gaussian_mlp_policy policy(env_info.obs_dim, env_info.act_dim, {}, 1);
  std::mt19937_64 rng(1);
  std::vector<float> obs(env_info.obs_dim), action(env_info.act_dim);
  auto start = clock_type::now();
  for (int t = 0; t < warm_up + steps; ++t) {
    if (t == warm_up) start = clock_type::now();
    if (t % env_info.horizon == 0) mj_resetData(model.get(), data.get());
    int k = 0;
    for (int i = 1; i < model->nq; ++i) obs[k++] = static_cast<float>(data->qpos[i]);
    for (int i = 0; i < model->nv; ++i) obs[k++] = static_cast<float>(data->qvel[i]);
    policy.sample_action(obs.data(), action.data(), rng);
    for (int i = 0; i < model->nu; ++i) data->ctrl[i] = std::clamp(action[i], -1.0f, 1.0f);
    for (int s = 0; s < frame_skip; ++s) mj_step(model.get(), data.get());
  }
  return steps / seconds_since(start);
}

// Runs `config` to its budget in a fresh actor system on `threads` scheduler threads, with the run
// folder in a scratch directory; returns the final counters and gives each progress report to
// `on_progress`.
run_stats run_in_scratch(
    const apps::run_config& config, int threads,
    const std::function<void(const run_stats&)>& on_progress = [](const run_stats&) {}) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("amb-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  caf::actor_system_config cfg;
  register_types(cfg);
  cfg.set("scheduler.max-threads", threads);
  run_stats stats;
  {
    caf::actor_system system{cfg};
    stats = apps::run_new_graph(system, config, dir.string(), on_progress);
  }
  std::filesystem::remove_all(dir);
  return stats;
}

// The first registered algorithm without learners: collection alone.
std::string collection_only() {
  for (const auto& name : learners::algorithm_names()) {
    const auto& algorithm = learners::find_algorithm(name);
    if (!algorithm.model_learner && !algorithm.policy_learner) return name;
  }
  throw std::logic_error("no registered algorithm runs without learners");
}

// A whole single-node graph (servers, one collector, coordinator) collecting `steps`, with or
// without its message log, in its steady state: the slope of the steps taken over the run's
// progress reports (every 0.1 s), from the first report past `warm_up` steps to the last
// before the budget, so that start-up and shutdown are left out.
double collector_steps_per_second(uint64_t warm_up, uint64_t steps, bool record) {
  auto config = apps::resolve_run_config(nlohmann::json(), {"algorithm=" + collection_only()});
  config.env.name = bench_env;
  config.env.pace_seconds = 0;
  config.budget = {0, warm_up + steps, 0};
  config.record.enabled = record;
  config.runtime.progress_seconds = 0.1;
  std::vector<std::pair<double, uint64_t>> reports;  // elapsed, steps taken
  run_in_scratch(config, 1, [&](const run_stats& stats) {
    if (!stats.finished && !stats.budget_reached && stats.steps_taken >= warm_up)
      reports.emplace_back(stats.elapsed, stats.steps_taken);
  });
  if (reports.size() < 2)
    throw std::runtime_error("the collector graph ran too briefly for a steady-state figure");
  const auto& [first_time, first_steps] = reports.front();
  const auto& [last_time, last_steps] = reports.back();
  return static_cast<double>(last_steps - first_steps) / (last_time - first_time);
}

struct learner_rates {
  double model_epochs_per_second;
  double policy_steps_per_second;
};

// The default job (asynchronous ME-TRPO on the paced reacher) for `seconds`, with or without
// its message log: how many φ and θ versions the learners pushed per second. The reacher is the
// heaviest case for the log: its policy learner pulls a new 0.9 MB φ every step, 17 times a
// second.
learner_rates learner_updates_per_second(double seconds, bool record) {
  auto config = apps::resolve_run_config(nlohmann::json(), {});
  config.budget = {0, 0, seconds};
  config.evaluation.interval_seconds = 0;
  config.record.enabled = record;
  const auto stats = run_in_scratch(config, config.runtime.threads);
  return {stats.model_version / stats.elapsed, (stats.policy_version - 1) / stats.elapsed};
}

// -- parameters, local --------------------------------------------------------------------------

// The bench's blobs: one section of policy_floats, of an algorithm called "bench".
const char* const bench_algorithm = "bench";

param_blob bench_blob(uint64_t version, shared_bytes values) {
  return param_blob::make("policy", "bench", bench_algorithm, version,
                          {{"theta", {uint64_t{policy_floats}}}}, std::move(values));
}

param_blob test_blob(uint64_t version) {
  std::vector<float> theta(policy_floats);
  std::mt19937 rng(7);
  std::normal_distribution<float> normal;
  for (auto& x : theta) x = normal(rng);
  return bench_blob(version, shared_bytes::from_floats(theta.data(), theta.size()));
}

double memcpy_seconds(size_t bytes, int rounds) {
  std::vector<char> source(bytes, 1), target(bytes);
  const auto start = clock_type::now();
  for (int r = 0; r < rounds; ++r) {
    std::memcpy(target.data(), source.data(), bytes);
    keep(target.data());
  }
  return seconds_since(start) / rounds;
}

// One round: push(v) and, at the same time, pull(v - 2), so that 400 KB travel each way at once
// (v - 2, because v - 1 may still be the latest when the pull arrives, and a pull of the latest
// version returns no bytes). This is the pattern of a learner pushing while a collector pulls,
// and of the echo baseline, which also moves its bytes both ways at once. Driven by an
// event-based actor, as learners and collectors are: a scoped_actor's blocking receive would add
// a thread wake-up (~100 us here) to every request and measure that instead.
template <class Server>
double push_pull_seconds(caf::actor_system& system, const Server& server, int rounds) {
  using done_atom = caf::atom_constant<caf::atom("done")>;
  const auto blob = test_blob(0);
  caf::scoped_actor waiter{system};
  auto fail = [](caf::error&) {};
  system.spawn([=, listener = caf::actor{waiter}](caf::event_based_actor* self) {
    struct round_state {
      uint64_t version = 1;  // v1 is pushed first, alone, so that v - 2 >= 0 from then on
      int replies_pending = 0;
      clock_type::time_point start;
    };
    auto state = std::make_shared<round_state>();
    constexpr uint64_t warm_up = 10;  // connections, allocations
    auto round = std::make_shared<std::function<void()>>();
    auto one_reply = [=] {
      if (--state->replies_pending == 0) (*round)();
    };
    *round = [=] {
      if (state->version == warm_up) state->start = clock_type::now();
      if (state->version == warm_up + rounds) {
        self->send(listener, done_atom::value, seconds_since(state->start) / rounds);
        self->quit();
        return;
      }
      auto next = blob;
      next.version = ++state->version;
      state->replies_pending = 2;
      self->request(server, timeout, push_atom::value, std::move(next))
          .then([=](uint64_t) { one_reply(); }, fail);
      self->request(server, timeout, pull_atom::value, state->version - 2)
          .then(
              [=](param_pull_reply& r) {
                keep(r.blob.values.data());
                one_reply();
              },
              fail);
    };
    auto first = blob;
    first.version = 1;
    self->request(server, timeout, push_atom::value, std::move(first))
        .then([=](uint64_t) { (*round)(); }, fail);
  });
  double seconds = -1;
  waiter->receive([&](done_atom, double s) { seconds = s; },
                  caf::after(std::chrono::seconds(120)) >> [] {});
  if (seconds < 0) throw std::runtime_error("push+pull rounds did not complete (a request failed)");
  return seconds;
}

double local_push_pull_seconds(int rounds) {
  caf::actor_system_config cfg;
  register_types(cfg);
  cfg.set("scheduler.max-threads", 1);
  caf::actor_system system{cfg};
  auto server = system.spawn(actors::param_server, std::string("policy"),
                             std::string(bench_algorithm), actors::message_tap{});
  const double seconds = push_pull_seconds(system, server, rounds);
  caf::anon_send_exit(server, caf::exit_reason::user_shutdown);
  return seconds;
}

template <class F>
double seconds_per_call(int rounds, F&& f) {
  const auto start = clock_type::now();
  for (int r = 0; r < rounds; ++r) f();
  return seconds_since(start) / rounds;
}

// -- parameters, remote -------------------------------------------------------------------------

struct remote_figures {
  double param_seconds;  // one push+pull round
  double echo_seconds;   // one echo of the same bytes each way
};

remote_figures remote_rounds(int rounds) {
  child_process peer({"bench", "runtime-peer"});
  std::istringstream line(peer.read_line());
  std::string word;
  uint16_t param_port = 0, echo_port = 0;
  line >> word >> param_port >> echo_port;
  if (word != "ports" || param_port == 0 || echo_port == 0)
    throw std::runtime_error("the bench peer did not report its ports");

  caf::actor_system_config cfg;
  register_types(cfg);
  cfg.load<caf::io::middleman>();
  caf::actor_system system{cfg};
  auto server = system.middleman().remote_actor<param_server_actor>("127.0.0.1", param_port);
  if (!server)
    throw std::runtime_error("cannot reach the bench peer: " + system.render(server.error()));
  remote_figures figures;
  figures.param_seconds = push_pull_seconds(system, *server, rounds);
  time_echo_rounds(echo_port, policy_floats * sizeof(float), 10);  // warm-up
  figures.echo_seconds =
      time_echo_rounds(echo_port, policy_floats * sizeof(float), rounds) / rounds;
  return figures;
}

}  // namespace

std::vector<bench_row> run_runtime_bench() {
  std::vector<bench_row> rows;
  const double bytes = policy_floats * sizeof(float);

  // Steady state (5000 steps of warm-up, 60000 timed: some 8 s a figure), and each figure the
  // fastest of three runs, the raw loop and the plain and the recording graph taking turns, so
  // that a stretch of other load on the machine, or the order of the runs, does not decide a
  // ratio.
  progress(
      "collector: raw physics + policy forward, and the actor graph plain and recording, "
      "each three times (60000 steps each)");
  double raw = 0, collected = 0, recorded = 0;
  for (int round = 0; round < 3; ++round) {
    raw = std::max(raw, raw_steps_per_second(5000, 60000));
    collected = std::max(collected, collector_steps_per_second(5000, 60000, /*record=*/false));
    recorded = std::max(recorded, collector_steps_per_second(5000, 60000, /*record=*/true));
  }
  rows.push_back(ratio_row("collector time per step (half_cheetah, 1 collector)", 1e6 / collected,
                           "raw mj_step x5 + policy forward", 1e6 / raw, "us/step",
                           "collector / raw", "<= 1.5", true, 1.5));
  rows.push_back(ratio_row("collector time per step, recording its messages", 1e6 / recorded,
                           "the same without recording", 1e6 / collected, "us/step",
                           "recording / not", "<= 1.10", true, 1.10));
  progress("recording: learners of the default job, 20 s without and 20 s with the log");
  const auto plain = learner_updates_per_second(20, false);
  const auto logged = learner_updates_per_second(20, true);
  rows.push_back(ratio_row("model learner epochs per second, recording",
                           logged.model_epochs_per_second, "the same without recording",
                           plain.model_epochs_per_second, "epochs/s", "recording / not", ">= 0.90",
                           false, 0.90));
  rows.push_back(ratio_row("policy learner steps per second, recording",
                           logged.policy_steps_per_second, "the same without recording",
                           plain.policy_steps_per_second, "steps/s", "recording / not", ">= 0.90",
                           false, 0.90));

  progress("parameters in one process: push+pull of 100k floats against memcpy");
  const double copy = memcpy_seconds(static_cast<size_t>(bytes), 20000);
  const double local = local_push_pull_seconds(20000);
  rows.push_back(ratio_row("local push+pull of 100k-float θ (concurrent)", local * 1e6,
                           "memcpy of 400 KB", copy * 1e6, "us", "push+pull / memcpy", "<= 2", true,
                           2.0));
  const auto source = test_blob(1);
  const double make = seconds_per_call(500, [&] {
    auto blob = bench_blob(1, shared_bytes::from_floats(source.values.floats(), policy_floats));
    keep(blob.values.data());
  });
  rows.push_back(ratio_row("making a θ blob (copy + CRC-32C)", make * 1e6, "memcpy of 400 KB",
                           copy * 1e6, "us", "make / memcpy", "", true, 0));
  const double crc_fast = seconds_per_call(
      500, [&] { keep(reinterpret_cast<void*>(uintptr_t(crc32c(source.values.data(), bytes)))); });
  const double crc_portable = seconds_per_call(50, [&] {
    keep(reinterpret_cast<void*>(uintptr_t(crc32c_portable(source.values.data(), bytes))));
  });
  rows.push_back(ratio_row("CRC-32C of 400 KB, CPU instruction", crc_fast * 1e6,
                           "CRC-32C of 400 KB, Boost table", crc_portable * 1e6, "us",
                           "instruction / table", "", true, 0));

  progress("parameters across processes on loopback: CAF remote push+pull against raw TCP echo");
  const auto remote = remote_rounds(300);
  const double megabytes = 2 * bytes / 1e6;  // θ out with the push, back with the pull
  rows.push_back(ratio_row(
      "remote push+pull throughput (2 processes, loopback)", megabytes / remote.param_seconds,
      "raw Boost.Asio TCP echo of the same bytes", megabytes / remote.echo_seconds, "MB/s",
      "remote / raw TCP", ">= 0.30", false, 0.30));
  return rows;
}

int runtime_bench_peer() {
  caf::actor_system_config cfg;
  register_types(cfg);
  cfg.load<caf::io::middleman>();
  caf::actor_system system{cfg};
  auto server = system.spawn(actors::param_server, std::string("policy"),
                             std::string(bench_algorithm), actors::message_tap{});
  auto port = system.middleman().publish(server, 0, "127.0.0.1");
  if (!port) {
    std::cerr << "bench peer: cannot publish: " << system.render(port.error()) << "\n";
    return 1;
  }
  const uint16_t echo_port = start_echo_server();
  std::cout << "ports " << *port << " " << echo_port << std::endl;
  // Serve until the parent closes our stdin (or dies).
  std::string ignored;
  while (std::getline(std::cin, ignored)) {
  }
  caf::anon_send_exit(server, caf::exit_reason::user_shutdown);
  std::_Exit(0);  // the echo thread blocks in accept(); no orderly way to stop it is needed
}

}  // namespace amb::bench
