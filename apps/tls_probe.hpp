#pragma once

// Which side of a refused TLS handshake is wrong. CAF reports every handshake that ended early
// as one error (disconnect_during_handshake), whether the node refused this node's certificate
// or the two sides disagree on TLS itself; a node without TLS sends its BASP handshake first
// on a new connection, while a TLS node waits for the client's hello. A second, plain TCP
// connection tells the two apart.

#include <chrono>
#include <cstdint>
#include <string>

namespace amb::apps {

/// Whether the peer at HOST:PORT sends bytes of its own within `wait` of a plain TCP connect
/// (a CAF node without TLS does; a TLS node does not). False when it cannot be reached either.
bool speaks_first(const std::string& host, uint16_t port, std::chrono::milliseconds wait);

}  // namespace amb::apps
