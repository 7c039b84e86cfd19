#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace amb::bench {

/// Serves TCP echo on 127.0.0.1 (plain Boost.Asio, no framing): every byte read is written
/// back. Runs in a background thread; returns the port.
uint16_t start_echo_server();

/// Sends `bytes` to the echo server and reads them back, `rounds` times; returns the seconds
/// taken. The raw loopback baseline for parameter transfers.
double time_echo_rounds(uint16_t port, size_t bytes, int rounds);

}  // namespace amb::bench
