#pragma once

// The command line of every amb command, declared with CLI11 (Debian's libcli11-dev): each
// command adds itself as a subcommand of `amb` with its options, so that `--help` is generated
// from the same declarations that parse, and every bad option ends the same way: exit 2 and a
// message naming it ("amb attach: --count: 0 is not in [1, 256]").

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace amb::apps {

/// What runs a command once its options are parsed; returns the exit code: 0 success, 1 the
/// work failed, 2 bad usage or configuration (some commands add their own, see their --help).
using command_main = std::function<int()>;

/// A command of `parent` (amb, or amb bench): `summary` is its line in the parent's --help,
/// `details` what its own --help prints after the options (the files it writes, exit codes).
CLI::App* add_command(CLI::App& parent, const std::string& name, const std::string& summary,
                      const std::string& details = "");

/// A number in [lowest, highest], a whole one when `whole`; the bounds are printed as a
/// person writes them ("[0.2, 3600]"), and a refusal repeats the value as typed.
CLI::Validator within(double lowest, double highest, bool whole = false);

/// A number in (lowest, highest]: above `lowest` itself.
CLI::Validator above(double lowest, double highest);

/// A value `check` accepts: it throws (any std::exception) saying why not, and the refusal
/// names the option with that reason.
CLI::Validator accepted_by(std::function<void(const std::string&)> check);

/// A file the command writes, over whatever is there: its name must end in `extension` (so
/// that it never names a run's own CSV, JSON or checkpoint) and its folder must exist (so that
/// a typo fails before any work).
CLI::Validator file_to_write(const std::string& extension);

/// The commands of `amb` and what runs each.
struct command_table {
  command_table();  // amb's help layout, which its commands inherit

  CLI::App amb{"amb: asynchronous model-based reinforcement learning on actors", "amb"};
  std::vector<std::pair<CLI::App*, command_main>> mains;

  void add(CLI::App* command, command_main main) { mains.emplace_back(command, std::move(main)); }
};

/// Parses argv and runs the command it names. --help prints the help of the command it
/// follows (exit 0); a parse error prints "amb COMMAND: what" and a pointer to --help (exit 2);
/// an exception escaping a command prints "amb COMMAND: what" (exit 1).
int run_command_line(command_table& table, int argc, char** argv);

/// The same for a command line given as words ("run", "--out", "DIR"), without the program.
int run_command_line(command_table& table, std::vector<std::string> words);

}  // namespace amb::apps
