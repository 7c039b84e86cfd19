// amb pr2-sim: the simulated PR2-like arm behind the robot link, for the hardware path without
// a robot.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/commands.hpp"
#include "hw/robot_server.hpp"

namespace amb::apps {

namespace {

constexpr const char* pr2_sim_details =
    R"(Runs the simulated PR2-like arm (envs/assets/pr2_arm.xml with the task's object and
fixture) in a 1 kHz real-time loop behind the UDP robot link, as a robot would run:
zero-order hold of the latest command, the soft-limit effort clamp, a command timeout
(0.25 s) that falls back to the hold, and a loop-rate watchdog that halts the arm.
A run with env.robot set to the same address drives it.

Prints a status line every second and, at the end, the loop timing: achieved rate,
wake-up latency percentiles, overruns.)";

nlohmann::json summary_of(const std::string& task, const hw::robot_server& server) {
  const auto s = server.stats();
  return {{"task", task},
          {"seconds", s.timing.seconds},
          {"ticks", s.timing.ticks},
          {"rate_hz", s.timing.rate_hz},
          {"overruns", s.timing.overruns},
          {"latency_us",
           {{"p50", s.timing.latency_p50_us},
            {"p99", s.timing.latency_p99_us},
            {"p999", s.timing.latency_p999_us},
            {"max", s.timing.latency_max_us}}},
          {"realtime", server.priority_warning().empty()},
          {"priority_warning", server.priority_warning()},
          {"mode", hw::to_string(s.mode)},
          {"commands",
           {{"accepted", s.intake.accepted},
            {"malformed", s.intake.malformed},
            {"not_a_command", s.intake.not_a_command},
            {"out_of_order", s.intake.out_of_order},
            {"old_session", s.intake.old_session},
            {"too_late", s.intake.too_late}}},
          {"states_sent", s.states_sent},
          {"simulation_recoveries", s.recoveries}};
}

void print_status(const std::string& task, const hw::robot_server& server, bool tty) {
  const auto s = server.stats();
  const uint64_t refused = s.intake.malformed + s.intake.not_a_command + s.intake.out_of_order +
                           s.intake.old_session + s.intake.too_late;
  std::printf(
      "%s[pr2-sim %s] %6.1f s  %7.1f Hz  overruns %llu  late p99 %.0f us  %-7s  "
      "commands %llu  refused %llu  states %llu%s",
      tty ? "\r" : "", task.c_str(), s.timing.seconds, s.timing.rate_hz,
      static_cast<unsigned long long>(s.timing.overruns), s.timing.latency_p99_us,
      hw::to_string(s.mode), static_cast<unsigned long long>(s.intake.accepted),
      static_cast<unsigned long long>(refused), static_cast<unsigned long long>(s.states_sent),
      tty ? "" : "\n");
  std::fflush(stdout);
}

int run_pr2_sim(const hw::robot_server_config& config, double seconds, bool as_json) {
  // Signals are taken by this thread only: block them before the loop and link threads exist,
  // so they inherit the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  hw::robot_server server(config);
  server.start();
  std::fprintf(stderr, "amb pr2-sim: task %s, listening on UDP %s port %u\n", config.task.c_str(),
               config.listen.c_str(), server.port());
  if (const auto warning = server.priority_warning(); !warning.empty())
    std::fprintf(stderr, "amb pr2-sim: warning: %s\n", warning.c_str());
  const bool tty = isatty(STDOUT_FILENO) && !as_json;
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    const timespec one_second{1, 0};
    if (sigtimedwait(&stop_signals, nullptr, &one_second) > 0) break;
    if (!as_json) print_status(config.task, server, tty);
    if (seconds > 0 &&
        std::chrono::steady_clock::now() - start >= std::chrono::duration<double>(seconds))
      break;
  }
  server.stop();
  if (tty) std::printf("\n");
  const auto summary = summary_of(config.task, server);
  if (as_json) {
    std::cout << summary.dump(2) << "\n";
  } else {
    std::printf(
        "loop: %.1f Hz over %.1f s, %llu overruns, wake-up latency p50 %.1f us, p99 %.1f us, "
        "p99.9 %.1f us, max %.1f us\n",
        summary["rate_hz"].get<double>(), summary["seconds"].get<double>(),
        static_cast<unsigned long long>(summary["overruns"].get<uint64_t>()),
        summary["latency_us"]["p50"].get<double>(), summary["latency_us"]["p99"].get<double>(),
        summary["latency_us"]["p999"].get<double>(), summary["latency_us"]["max"].get<double>());
  }
  return 0;
}

}  // namespace

void add_pr2_sim_command(command_table& table) {
  auto* command = add_command(table.amb, "pr2-sim",
                              "Run the simulated PR2-like arm in its 1 kHz real-time loop behind "
                              "the UDP robot link",
                              pr2_sim_details);
  auto config = std::make_shared<hw::robot_server_config>();
  auto seconds = std::make_shared<double>(0);
  auto as_json = std::make_shared<bool>(false);
  auto hold = std::make_shared<std::string>("damping");
  command->add_option("--task", config->task, "reach (default), insert or stack")
      ->type_name("T")
      ->check(accepted_by([](const std::string& task) { envs::pr2_task_named(task); }));
  command
      ->add_option("--listen", config->listen,
                   "where to take commands (default 127.0.0.1:7400; port 0: any)")
      ->type_name("HOST:PORT")
      ->check(accepted_by([](const std::string& at) { hw::parse_udp_address(at); }));
  command
      ->add_option("--seconds", *seconds,
                   "stop after S seconds (default: run until SIGINT or SIGTERM)")
      ->type_name("S")
      ->check(above(0, 1e9));
  command
      ->add_option("--hold", *hold,
                   "what a timed-out command falls back to: damping (default) or zero")
      ->type_name("K")
      ->check(CLI::IsMember({"damping", "zero"}));
  command->add_flag("--no-realtime{false}", config->loop.realtime_priority,
                    "do not ask for SCHED_FIFO and locked memory");
  command->add_flag("--json", *as_json, "print the final loop timing and link counts as JSON");
  table.add(command, [config, seconds, as_json, hold] {
    config->controller.hold = *hold == "zero" ? hw::hold_kind::zero_torque : hw::hold_kind::damping;
    return run_pr2_sim(*config, *seconds, *as_json);
  });
}

}  // namespace amb::apps
