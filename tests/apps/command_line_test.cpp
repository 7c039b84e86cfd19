// Every amb command's command line, as a user meets it: the real binary's --help and its
// answer to a bad option.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/amb_command.hpp"

using amb::tests::run_amb;

namespace {

// Each command (a benchmark is one too) and options its --help must list.
struct command_options {
  std::string command;
  std::vector<std::string> options;
};

const std::vector<command_options> every_command{
    {"run", {"--out DIR", "--record", "--inject", "--set KEY=VALUE", "--resume DIR"}},
    {"node", {"--listen [HOST:]PORT (required)", "--local ROLES", "--certs DIR", "--resume DIR"}},
    {"attach", {"--connect HOST:PORT (required)", "--role", "--count N:[1, 256]", "--give-up"}},
    {"certs", {"DIR", "NAME"}},
    {"envs", {"--json"}},
    {"eval", {"RUN_DIR", "--checkpoint FILE", "--episodes N:[1, 100000]", "--seed S", "--json"}},
    {"render", {"RUN_DIR", "--random", "--frames N", "--width W", "--camera C", "--gif FILE.gif"}},
    {"plot", {"RUN_DIR", "--out FILE.png"}},
    {"replay", {"LOG", "--print", "--verify", "--actor", "--until S", "--out FILE"}},
    {"pr2-sim", {"--task", "--listen HOST:PORT", "--seconds S:(0, 1000000000]", "--hold"}},
    {"bench runtime", {"--json"}},
    {"bench learners", {"--threads N", "--repeats R", "--json", "--mb-mpo"}},
    {"bench learning", {"--quick", "--seed N", "--out DIR"}},
    {"bench pr2", {"--task", "--minutes M", "--out DIR"}},
    {"bench cluster", {"--collectors N:[1, 256]", "--seconds S", "--pace P", "--json"}},
};

}  // namespace

TEST_CASE("every command's --help lists its options, exit 0") {
  for (const auto& [command, options] : every_command) {
    const auto help = run_amb(command + " --help");
    INFO(std::string(command + " --help:\n" + help.output));
    CHECK(help.exit_code == 0);
    CHECK(help.output.find("Usage: amb " + command + " [OPTIONS]") != std::string::npos);
    for (const auto& option : options) CHECK(help.output.find(option) != std::string::npos);
  }
}

TEST_CASE("amb --help lists every command and every benchmark") {
  const auto help = run_amb("--help");
  INFO(help.output);
  CHECK(help.exit_code == 0);
  for (const auto& [command, options] : every_command)
    if (command.rfind("bench ", 0) == 0)
      CHECK(help.output.find(command.substr(6)) != std::string::npos);
    else
      CHECK(help.output.find("\n  " + command + " ") != std::string::npos);
  CHECK(help.output.find("runtime-peer") == std::string::npos);  // internal, not for users
}

TEST_CASE("every command's bad option exits 2 naming it") {
  for (const auto& [command, options] : every_command) {
    const auto bad = run_amb(command + " --fast");
    INFO(std::string(command + ": " + bad.output));
    CHECK(bad.exit_code == 2);
    CHECK(bad.output.find("amb " + command + ": unknown option '--fast'") != std::string::npos);
  }
  const auto unknown = run_amb("fly");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.output.find("amb: unknown command 'fly'") != std::string::npos);
  const auto benchmark = run_amb("bench fly");
  CHECK(benchmark.exit_code == 2);
  CHECK(benchmark.output.find("amb bench: unknown command 'fly'") != std::string::npos);
}

TEST_CASE("a value out of its range is refused with the range and the value as typed") {
  struct refusal {
    std::string args, message;
  };
  const std::vector<refusal> refusals{
      {"attach --connect 127.0.0.1:1 --role collector --count 0", "--count: 0 is not in [1, 256]"},
      {"attach --connect 127.0.0.1:1 --role collector --count 2.5",
       "--count: 2.5 is not a whole number"},
      {"attach --connect 127.0.0.1:1 --role collector --give-up -3",
       "--give-up: -3 is not in [0, 604800]"},
      {"node --listen 127.0.0.1:0 --peer-timeout 0.1", "--peer-timeout: 0.1 is not in [0.2, 3600]"},
      {"pr2-sim --seconds 0", "--seconds: 0 is not in (0, 1000000000]"},
      {"bench cluster --pace x", "--pace: 'x' is not a number"},
      {"bench learners --threads 0", "--threads: 0 is not in [1, 256]"},
      {"attach --connect nowhere --role collector", "--connect: 'nowhere': want HOST:PORT"},
      {"attach --connect 127.0.0.1:1 --role pilot", "--role: pilot not in {collector,model"},
      {"node --listen 127.0.0.1:0 --local model,pilot", "--local: 'model,pilot': unknown role"},
      {"run --resume somewhere --set seed=2", "--set excludes --resume"},
  };
  for (const auto& [args, message] : refusals) {
    const auto result = run_amb(args);
    INFO(std::string(args + ": " + result.output));
    CHECK(result.exit_code == 2);
    CHECK(result.output.find(message) != std::string::npos);
  }
}

TEST_CASE("a file a command writes must be of its kind and in a folder that exists") {
  // Each was accepted before: --out params.json, say, wrote raw floats or a picture over a
  // run's data, and a missing folder failed only after the work, or not at all.
  struct refusal {
    std::string args, message;
  };
  const std::vector<refusal> refusals{
      {"plot somewhere --out runs/x/progress.csv",
       "--out: 'runs/x/progress.csv' is not a .png file"},
      {"plot somewhere --out no-such-folder/curves.png",
       "--out: 'no-such-folder/curves.png': there is no folder no-such-folder"},
      {"render --env reacher --random --out rollout.gif", "--out: 'rollout.gif' is not a .mp4"},
      {"render --env reacher --random --gif no-such-folder/r.gif",
       "--gif: 'no-such-folder/r.gif': there is no folder"},
      {"replay run.log --verify --actor model_learner --until 5 --out run/params.json",
       "--out: 'run/params.json' is not a .f32 file"},
  };
  for (const auto& [args, message] : refusals) {
    const auto result = run_amb(args);
    INFO(std::string(args + ": " + result.output));
    CHECK(result.exit_code == 2);
    CHECK(result.output.find(message) != std::string::npos);
  }
}
