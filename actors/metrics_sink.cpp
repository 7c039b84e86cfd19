#include "actors/metrics_sink.hpp"

#include <caf/all.hpp>
#include <fstream>
#include <sstream>

#include "actors/metrics_row.hpp"

namespace amb::actors {

using namespace messages;

namespace {

// The columns after `time` of a progress file's header; none when it has no header yet.
std::vector<std::string> header_of(const std::string& path) {
  std::ifstream in(path);
  std::string header, cell;
  std::getline(in, header);
  std::vector<std::string> columns;
  std::stringstream cells(header);
  for (bool first = true; std::getline(cells, cell, ','); first = false)
    if (!first) columns.push_back(cell);
  return columns;
}

}  // namespace

metrics_sink_actor::behavior_type metrics_sink(
    metrics_sink_actor::stateful_pointer<metrics_sink_state> self, std::string run_dir,
    double elapsed) {
  self->state.start = std::chrono::steady_clock::now();
  return {
      [=](metrics_atom, const worker_metrics& row) {
        auto& file = self->state.files[row.worker];
        if (!file) {
          file = std::make_unique<metrics_sink_state::progress_file>();
          // A resumed run goes on in its files, under the columns of their header lines.
          const auto path = row.worker == run_table ? run_dir + "/progress.csv"
                                                    : run_dir + "/progress_" + row.worker + ".csv";
          file->columns = header_of(path);
          const bool fresh = file->columns.empty();
          if (fresh) file->columns = row.names;
          file->out.open(path, std::ios::app);
          if (fresh) {
            file->out << "time";
            for (const auto& c : file->columns) file->out << ',' << c;
            file->out << '\n';
          }
        }
        file->out << elapsed + seconds_since(self->state.start);
        for (const auto& column : file->columns) {
          file->out << ',';
          for (size_t i = 0; i < row.names.size() && i < row.values.size(); ++i)
            if (row.names[i] == column) {
              file->out << row.values[i];
              break;
            }
        }
        file->out << '\n' << std::flush;
        ++self->state.rows;
      },
      [=](wait_atom) { return self->state.rows; },
  };
}

}  // namespace amb::actors
