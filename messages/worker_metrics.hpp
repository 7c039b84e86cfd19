#pragma once

#include <caf/meta/type_name.hpp>
#include <string>
#include <vector>

namespace amb::messages {

/// One row of a worker's progress: what a learner or collector step reported. Its time is the
/// run's, stamped by the metrics sink on arrival, so that workers restarted, resumed or on
/// other hosts share one time axis.
struct worker_metrics {
  std::string worker;              // e.g. "model_learner"; names the progress file
  std::vector<std::string> names;  // column names, the same on every row of a worker
  std::vector<double> values;      // [names.size()]
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, worker_metrics& x) {
  return f(caf::meta::type_name("worker_metrics"), x.worker, x.names, x.values);
}

}  // namespace amb::messages
