#include "actors/metrics_sink.hpp"

#include <caf/all.hpp>
#include <filesystem>

#include "actors/metrics_row.hpp"

namespace amb::actors {

using namespace messages;

metrics_sink_actor::behavior_type metrics_sink(
    metrics_sink_actor::stateful_pointer<metrics_sink_state> self, std::string run_dir,
    double elapsed) {
  self->state.start = std::chrono::steady_clock::now();
  return {
      [=](metrics_atom, const worker_metrics& row) {
        auto& file = self->state.files[row.worker];
        if (!file) {
          file = std::make_unique<metrics_sink_state::progress_file>();
          // A resumed run goes on in its files; only a new file gets the header line.
          const auto path = run_dir + "/progress_" + row.worker + ".csv";
          const bool fresh = !std::filesystem::exists(path) || std::filesystem::is_empty(path);
          file->out.open(path, std::ios::app);
          file->columns = row.names;
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
