// `amb bench`: the benchmark programs, printed as tables or JSON.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/commands.hpp"
#include "bench/runtime_bench.hpp"

namespace amb::apps {

namespace {

constexpr const char* bench_usage = R"(usage: amb bench runtime [--json]

Measures the runtime against raw baselines taken in the same run and prints each figure
with its ratio and the target it is held to:
  - collector time per step (half_cheetah, whole single-node graph) against raw mj_step
    plus a policy forward on the same model;
  - local parameter push+pull of a 100k-float θ against a memcpy of the same 400 KB;
  - remote push+pull throughput between two processes on loopback against a raw
    Boost.Asio TCP echo of the same bytes.
Takes a few seconds. --json prints the rows as JSON on stdout.
)";

void print_table(const std::vector<bench::bench_row>& rows) {
  std::printf("%-54s %12s  %-42s %12s  %8s  %-8s %s\n", "figure", "value", "baseline", "baseline",
              "ratio", "target", "");
  for (const auto& r : rows)
    std::printf("%-54s %9.1f %-3s %-42s %9.1f %-3s %8.2f  %-8s %s\n", r.name.c_str(), r.value,
                r.unit.c_str(), r.baseline_name.c_str(), r.baseline, r.unit.c_str(), r.ratio,
                r.target.empty() ? "-" : r.target.c_str(),
                r.target.empty() ? "" : (r.meets_target ? "met" : "MISSED"));
}

}  // namespace

int bench_command(const std::vector<std::string>& args) {
  if (args.size() == 1 && args[0] == "runtime-peer") return bench::runtime_bench_peer();
  bool as_json = false;
  std::string which;
  for (const auto& arg : args) {
    if (arg == "--help" || arg == "-h") {
      std::cout << bench_usage;
      return 0;
    }
    if (arg == "--json")
      as_json = true;
    else if (which.empty() && arg.rfind("--", 0) != 0)
      which = arg;
    else {
      std::cerr << "amb bench: unknown argument '" << arg << "'\n\n" << bench_usage;
      return 2;
    }
  }
  if (which != "runtime") {
    std::cerr << "amb bench: "
              << (which.empty() ? "which benchmark?" : "unknown benchmark '" + which + "'")
              << "\n\n"
              << bench_usage;
    return 2;
  }
  const auto rows = bench::run_runtime_bench();
  if (!as_json) {
    print_table(rows);
    return 0;
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows)
    out.push_back({{"figure", r.name},
                   {"value", r.value},
                   {"unit", r.unit},
                   {"baseline", r.baseline_name},
                   {"baseline_value", r.baseline},
                   {"ratio", r.ratio},
                   {"ratio_meaning", r.ratio_meaning},
                   {"target", r.target},
                   {"meets_target", r.meets_target}});
  std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace amb::apps
