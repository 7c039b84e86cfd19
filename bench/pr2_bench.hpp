#pragma once

#include <string>
#include <vector>

namespace amb::bench {

struct pr2_bench_options {
  std::vector<std::string> tasks = {"reach", "insert", "stack"};
  std::string algorithm = "me_trpo";  // configs/pr2_<task>_async_<algorithm>.json
  double minutes = 10;       // robot time per task (wall time: the robot runs in real time)
  double idle_seconds = 10;  // the loop's baseline, measured with nothing else running
  std::string out_dir;       // run folders, pr2_bench.md, pr2_distance.png
};

/// `amb bench pr2`: for each task, the simulated arm (hw::robot_server, its own real-time
/// thread) is started, its loop timed idle as the baseline, then
/// configs/pr2_<task>_async_<algorithm>.json runs against it for `minutes` with the hardware actor
/// as the collector. Reports per task the final point distance of the episodes against robot time,
/// and the loop's achieved rate, wake-up latency percentiles and overruns under the learning load
/// as ratios of the idle baseline. Returns the process exit code.
int run_pr2_bench(const pr2_bench_options& options);

}  // namespace amb::bench
