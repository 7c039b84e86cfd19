#include "actors/metrics_row.hpp"

namespace amb::actors {

messages::worker_metrics metrics_row(const std::string& worker, double time,
                                     const learners::metrics& values) {
  messages::worker_metrics row{worker, time, {}, {}};
  for (const auto& [name, value] : values) {
    row.names.push_back(name);
    row.values.push_back(value);
  }
  return row;
}

}  // namespace amb::actors
