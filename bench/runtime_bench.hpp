#pragma once

#include <string>
#include <vector>

namespace amb::bench {

/// One figure of a benchmark and the raw baseline measured beside it in the same run.
struct bench_row {
  std::string name;
  double value;  // in `unit`
  std::string baseline_name;
  double baseline;  // in `unit`
  std::string unit;
  double ratio;  // how the figure compares with its baseline, as `ratio_meaning` says
  std::string ratio_meaning;
  std::string target;  // the goal stated in the issue, e.g. "<= 1.5"
  bool meets_target;
};

/// `amb bench runtime`: collector throughput against raw physics plus policy forward; local
/// parameter push+pull against memcpy; remote parameter transfer (a second process on
/// loopback) against raw TCP. Prints progress lines to stderr.
std::vector<bench_row> run_runtime_bench();

/// The second process of the remote measurement: publishes a policy server and a TCP echo
/// server on 127.0.0.1, prints "ports <param> <echo>", and serves until stdin closes.
int runtime_bench_peer();

}  // namespace amb::bench
