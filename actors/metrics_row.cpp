#include "actors/metrics_row.hpp"

namespace amb::actors {

messages::worker_metrics metrics_row(const std::string& worker, const learners::metrics& values) {
  messages::worker_metrics row{worker, {}, {}};
  for (const auto& [name, value] : values) {
    row.names.push_back(name);
    row.values.push_back(value);
  }
  return row;
}

}  // namespace amb::actors
