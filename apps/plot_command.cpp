// `amb plot`: learning curves of run folders, drawn by gnuplot (Debian's gnuplot-nox).
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "apps/commands.hpp"
#include "apps/gnuplot.hpp"

namespace amb::apps {

namespace fs = std::filesystem;

namespace {

// The legend of a run: its folder name, with the algorithm and mode of its params.json.
std::string label_of(const fs::path& run) {
  std::string label = run.filename().string();
  std::ifstream in(run / "params.json");
  const auto params = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (params.is_object() && params.contains("algorithm"))
    label += " (" + params.value("algorithm", "?") + ", " + params.value("mode", "async") + ")";
  // gnuplot titles are double-quoted strings: keep quotes and backslashes out.
  for (char& c : label)
    if (c == '"' || c == '\\') c = '_';
  return label;
}

// Column numbers (1-based, for gnuplot) of names in a CSV header; 0 when missing.
int column_of(const fs::path& csv, const std::string& name) {
  std::ifstream in(csv);
  std::string header, cell;
  std::getline(in, header);
  std::stringstream cells(header);
  for (int i = 1; std::getline(cells, cell, ','); ++i)
    if (cell == name) return i;
  return 0;
}

// The run's evaluator progress files: its own, or those of evaluators attached from other hosts
// (one per attachment), in name order.
std::vector<fs::path> evaluator_files(const fs::path& run) {
  std::vector<fs::path> files;
  if (!fs::is_directory(run)) return files;
  for (const auto& entry : fs::directory_iterator(run)) {
    const auto name = entry.path().filename().string();
    if (name == "progress_evaluator.csv" ||
        (name.rfind("progress_evaluator@", 0) == 0 && entry.path().extension() == ".csv"))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// "@peer2" for progress_evaluator@peer2.csv; empty for the run's own evaluator.
std::string peer_of(const fs::path& csv) {
  const auto stem = csv.stem().string();
  const auto at = stem.find('@');
  return at == std::string::npos ? std::string() : stem.substr(at);
}

// One gnuplot plot command: the shaded bands first, so that every line is drawn over them.
void plot_series(std::ostream& script, const std::vector<std::string>& bands,
                 const std::vector<std::string>& lines) {
  script << "plot ";
  for (const auto& band : bands) script << band << ", ";
  for (size_t i = 0; i < lines.size(); ++i) script << (i == 0 ? "" : ", ") << lines[i];
}

}  // namespace

int plot_runs(const std::vector<fs::path>& runs, fs::path out) {
  std::vector<std::string> series_steps, series_time, bands_steps, bands_time;
  for (const auto& run : runs) {
    const auto files = evaluator_files(run);
    if (files.empty()) {
      std::cerr << "amb plot: " << (run / "progress_evaluator.csv").string()
                << " does not exist (was the run made with evaluation.interval_seconds > 0?)\n";
      return 2;
    }
    for (const auto& csv : files) {
      const int ret = column_of(csv, "eval_return"), steps = column_of(csv, "env_steps");
      if (ret == 0 || steps == 0) {
        std::cerr << "amb plot: " << csv.string() << " lacks the eval_return or env_steps column\n";
        return 2;
      }
      const std::string file = "'" + csv.string() + "'";
      const std::string title = " title \"" + label_of(run) + peer_of(csv) + "\"";
      const std::string style = " lt " + std::to_string(series_steps.size() + 1);
      const std::string mean = std::to_string(ret);
      // Mean ± std over the evaluation's episodes, shaded in the line's colour (runs of
      // older builds have no std column).
      if (const int std = column_of(csv, "eval_return_std")) {
        const auto band = ":($" + mean + "-$" + std::to_string(std) + "):($" + mean + "+$" +
                          std::to_string(std) + ") with filledcurves fs transparent solid 0.2" +
                          style + " notitle";
        bands_steps.push_back(file + " using " + std::to_string(steps) + band);
        bands_time.push_back(file + " using 1" + band);
      }
      series_steps.push_back(file + " using " + std::to_string(steps) + ":" + mean +
                             " with linespoints" + style + title);
      series_time.push_back(file + " using 1:" + mean + " with linespoints" + style + title);
    }
  }
  if (out.empty()) out = runs.front() / "learning_curves.png";

  std::ostringstream script;
  script << "set terminal pngcairo noenhanced size 1400,560 font 'sans,10'\n"
         << "set output '" << out.string() << "'\n"
         << "set datafile separator ','\nset key bottom right\nset grid\n"
         << "set multiplot layout 1,2\n"
         << "set title 'evaluation return against env steps'\nset xlabel 'env steps'\n"
         << "set ylabel 'return'\n";
  plot_series(script, bands_steps, series_steps);
  script << "\nset title 'evaluation return against wall time'\nset xlabel 'seconds'\n";
  plot_series(script, bands_time, series_time);
  script << "\nunset multiplot\n";

  if (const int status = run_gnuplot(script.str(), out, "amb plot"); status != 0) return status;
  std::cout << "[amb] wrote " << out.string() << "\n";
  return 0;
}

void add_plot_command(command_table& table) {
  auto* command = add_command(
      table.amb, "plot",
      "Draw learning curves of run folders (evaluation return against env steps and wall time) "
      "into one PNG, with gnuplot",
      "Draws the evaluation return of each run (progress_evaluator.csv, or the files\n"
      "progress_evaluator@PEER.csv of evaluators attached from other hosts) against env steps\n"
      "and against wall time, all runs on one figure, one line per file, labelled with the\n"
      "folder name, its algorithm and mode, and the peer; the mean return over each evaluation's\n"
      "episodes is shaded by ± its standard deviation. Needs gnuplot (Debian package\n"
      "gnuplot-nox; make setup installs it).");
  auto runs = std::make_shared<std::vector<std::string>>();
  auto out = std::make_shared<std::string>();
  command->add_option("RUN_DIR", *runs, "run folders to draw")->required();
  command->add_option("--out", *out, "the PNG (default: learning_curves.png in the first RUN_DIR)")
      ->type_name("FILE.png")
      ->check(file_to_write(".png"));
  table.add(command, [runs, out] {
    return plot_runs(std::vector<fs::path>(runs->begin(), runs->end()), *out);
  });
}

}  // namespace amb::apps
