#include "apps/command_line.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

namespace amb::apps {

namespace {

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.15g", value);
  return text;
}

// "amb bench runtime" for the innermost command that was given.
std::string command_path(const CLI::App& amb) {
  std::string path = amb.get_name();
  for (const CLI::App* at = &amb;;) {
    const auto chosen = at->get_subcommands();
    if (chosen.empty()) return path;
    at = chosen.front();
    path += " " + at->get_name();
  }
}

// CLI11's layout with long descriptions wrapped to the terminal's customary 100 columns, and
// without the lists of options an option excludes or needs (its description says so).
class help_layout : public CLI::Formatter {
 public:
  help_layout() {
    column_width(description_column);
    label("Subcommands", "Commands");
  }

  std::string make_option_opts(const CLI::Option* option) const override {
    std::string text;
    if (option->get_type_size() == 0) return text;
    if (!option->get_type_name().empty()) text += " " + option->get_type_name();
    if (option->get_required()) text += " (required)";
    return text;
  }
  std::string make_option_desc(const CLI::Option* option) const override {
    return wrapped(option->get_description());
  }
  std::string make_subcommand(const CLI::App* command) const override {
    std::stringstream out;
    CLI::detail::format_help(out, command->get_display_name(), wrapped(command->get_description()),
                             description_column);
    return out.str();
  }
  std::string make_footer(const CLI::App* app) const override {
    const auto footer = CLI::Formatter::make_footer(app);
    return footer.empty() || footer.back() == '\n' ? footer : footer + "\n";
  }

 private:
  static constexpr size_t description_column = 26, line_width = 98;

  // Words joined into lines that end before line_width; format_help indents each next line.
  static std::string wrapped(const std::string& text) {
    std::string out, word;
    size_t column = description_column;
    std::stringstream words(text);
    while (words >> word) {
      if (column > description_column && column + 1 + word.size() > line_width) {
        out += "\n";
        column = description_column;
      } else if (column > description_column) {
        out += " ";
        ++column;
      }
      out += word;
      column += word.size();
    }
    return out;
  }
};

CLI::Validator number_between(double lowest, double highest, bool open_below, bool whole) {
  const std::string range =
      (open_below ? "(" : "[") + number_text(lowest) + ", " + number_text(highest) + "]";
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || std::isnan(value))
          return "'" + text + "' is not a number";
        if (whole && value != std::floor(value)) return text + " is not a whole number";
        if (value < lowest || value > highest || (open_below && value == lowest))
          return text + " is not in " + range;
        return "";
      },
      range, "number " + range);
}

}  // namespace

CLI::Validator file_to_write(const std::string& extension) {
  return CLI::Validator(
      [extension](std::string& text) -> std::string {
        const std::filesystem::path file(text);
        if (file.extension() != extension)
          return "'" + text + "' is not a " + extension + " file, the only kind written here";
        const auto folder = file.parent_path().empty() ? "." : file.parent_path();
        if (!std::filesystem::is_directory(folder))
          return "'" + text + "': there is no folder " + folder.string();
        return "";
      },
      "", "a " + extension + " file to write");
}

command_table::command_table() {
  amb.formatter(std::make_shared<help_layout>());
}

CLI::App* add_command(CLI::App& parent, const std::string& name, const std::string& summary,
                      const std::string& details) {
  auto* command = parent.add_subcommand(name, summary);
  command->footer(details);
  return command;
}

CLI::Validator within(double lowest, double highest, bool whole) {
  return number_between(lowest, highest, false, whole);
}

CLI::Validator above(double lowest, double highest) {
  return number_between(lowest, highest, true, false);
}

CLI::Validator accepted_by(std::function<void(const std::string&)> check) {
  return CLI::Validator(
      [check](std::string& text) -> std::string {
        try {
          check(text);
          return "";
        } catch (const std::exception& e) {
          return e.what();
        }
      },
      "");
}

int run_command_line(command_table& table, int argc, char** argv) {
  auto& amb = table.amb;
  if (argc < 2) {
    std::cerr << amb.help();
    return 2;
  }
  // CLI11 would call a word that names no command a missing one ("A subcommand is required").
  std::string path = "amb";
  const CLI::App* at = &amb;
  for (int i = 1; i < argc && at->get_require_subcommand_min() > 0 && argv[i][0] != '-'; ++i) {
    const auto named =
        at->get_subcommands([&](const CLI::App* c) { return c->get_name() == argv[i]; });
    if (named.empty()) {
      std::cerr << path << ": unknown command '" << argv[i] << "'\nRun '" << path
                << " --help' for the commands.\n";
      return 2;
    }
    at = named.front();
    path += " " + at->get_name();
  }
  try {
    amb.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return amb.exit(help);
  } catch (const CLI::ParseError& error) {
    // An unknown option is the first thing to say (CLI11 checks required options first), and
    // said as a user would, not "The following argument was not expected".
    const auto path = command_path(amb);
    const auto extras = amb.remaining(/*recurse=*/true);
    std::cerr << path << ": ";
    if (extras.empty())
      std::cerr << error.what();
    else
      std::cerr << (extras.front().rfind("-", 0) == 0 ? "unknown option '"
                                                      : "unexpected argument '")
                << extras.front() << "'";
    std::cerr << "\nRun '" << path << " --help' for its options.\n";
    return 2;
  }
  for (const auto& [command, main] : table.mains) {
    if (!command->parsed()) continue;
    try {
      return main();
    } catch (const std::exception& e) {
      std::cerr << command_path(amb) << ": " << e.what() << "\n";
      return 1;
    }
  }
  std::cerr << amb.help();  // a command without a main of its own (amb bench alone)
  return 2;
}

int run_command_line(command_table& table, std::vector<std::string> words) {
  words.insert(words.begin(), "amb");
  std::vector<char*> argv;
  for (auto& word : words) argv.push_back(word.data());
  return run_command_line(table, static_cast<int>(argv.size()), argv.data());
}

}  // namespace amb::apps
