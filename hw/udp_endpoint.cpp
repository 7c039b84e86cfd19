#include "hw/udp_endpoint.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/system/system_error.hpp>
#include <stdexcept>

namespace amb::hw {

namespace asio = boost::asio;
using asio::ip::udp;

udp::endpoint parse_udp_address(const std::string& address) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos || colon + 1 == address.size())
    throw std::invalid_argument("'" + address + "' is not HOST:PORT");
  const std::string host = colon == 0 ? "0.0.0.0" : address.substr(0, colon);
  const std::string port_text = address.substr(colon + 1);
  size_t used = 0;
  unsigned long port = 0;
  try {
    port = std::stoul(port_text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != port_text.size() || port > 65535)
    throw std::invalid_argument("'" + address + "': port '" + port_text + "' is not 0..65535");
  asio::io_context io;
  udp::resolver resolver(io);
  boost::system::error_code error;
  auto results = resolver.resolve(udp::v4(), host, port_text, error);
  if (error || results.empty())
    throw std::invalid_argument("'" + address + "': host '" + host +
                                "' does not resolve: " + error.message());
  return results.begin()->endpoint();
}

udp::endpoint parse_udp_destination(const std::string& address) {
  const auto endpoint = parse_udp_address(address);
  if (endpoint.port() == 0)
    throw std::invalid_argument("'" + address + "': port 0 is no peer's port; want 1..65535");
  if (endpoint.address().is_unspecified())
    throw std::invalid_argument("'" + address + "': no host; want HOST:PORT of the robot");
  return endpoint;
}

udp_endpoint::udp_endpoint(const std::string& local) : socket_(io_) {
  const auto endpoint = parse_udp_address(local);
  boost::system::error_code error;
  socket_.open(endpoint.protocol(), error);
  if (!error) socket_.bind(endpoint, error);
  if (error) throw std::runtime_error("cannot bind UDP " + local + ": " + error.message());
}

void udp_endpoint::send_to(const uint8_t* data, size_t size, const udp::endpoint& to) {
  boost::system::error_code error;
  // A lost datagram is what UDP does anyway; the protocol copes, so a failed send is not fatal.
  socket_.send_to(asio::buffer(data, size), to, 0, error);
}

std::optional<udp_endpoint::received> udp_endpoint::receive(uint8_t* buffer, size_t capacity,
                                                            std::chrono::nanoseconds timeout) {
  std::optional<received> result;
  received incoming;
  socket_.async_receive_from(asio::buffer(buffer, capacity), incoming.from,
                             [&](const boost::system::error_code& error, size_t size) {
                               if (error) return;
                               incoming.size = size;
                               result = incoming;
                             });
  io_.restart();
  io_.run_for(timeout);
  if (!io_.stopped()) {
    // Time ran out: cancel the receive and let its handler run, so the next call starts clean.
    socket_.cancel();
    io_.restart();
    io_.run();
  }
  return result;
}

}  // namespace amb::hw
