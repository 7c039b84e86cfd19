#pragma once

#include <vector>

#include "bench/bench_row.hpp"

namespace amb::bench {

/// `amb bench runtime`: collector throughput against raw physics plus policy forward; local
/// parameter push+pull against memcpy; remote parameter transfer (a second process on
/// loopback) against raw TCP. Prints progress lines to stderr.
std::vector<bench_row> run_runtime_bench();

/// The second process of the remote measurement: publishes a policy server and a TCP echo
/// server on 127.0.0.1, prints "ports <param> <echo>", and serves until stdin closes.
int runtime_bench_peer();

}  // namespace amb::bench
