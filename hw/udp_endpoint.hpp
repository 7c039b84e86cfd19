#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace amb::hw {

/// "HOST:PORT" as a UDP endpoint (a name or a numeric address; port 0 asks for any free port
/// when binding). Throws std::invalid_argument naming the text when it is not one.
boost::asio::ip::udp::endpoint parse_udp_address(const std::string& address);

/// "HOST:PORT" of a peer to send to: as parse_udp_address, but port 0 and an unspecified host
/// (":80", "0.0.0.0:80"), which only mean something when binding, are refused too.
boost::asio::ip::udp::endpoint parse_udp_destination(const std::string& address);

/// A UDP socket with blocking sends and receives that give up after a timeout, over Boost.Asio.
/// One thread uses it at a time.
class udp_endpoint {
 public:
  /// Bound to `local` ("127.0.0.1:7400"; ":0" style ports for any). Throws std::runtime_error
  /// naming the address when it cannot be bound.
  explicit udp_endpoint(const std::string& local);

  void send_to(const uint8_t* data, size_t size, const boost::asio::ip::udp::endpoint& to);

  struct received {
    size_t size = 0;
    boost::asio::ip::udp::endpoint from;
  };
  /// Waits up to `timeout` for one datagram into `buffer` (a longer one is cut to `capacity`
  /// and then fails to decode). Nothing when the time ran out.
  std::optional<received> receive(uint8_t* buffer, size_t capacity,
                                  std::chrono::nanoseconds timeout);

  boost::asio::ip::udp::endpoint local_endpoint() const { return socket_.local_endpoint(); }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::udp::socket socket_;
};

}  // namespace amb::hw
