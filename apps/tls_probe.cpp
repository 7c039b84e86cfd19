#include "apps/tls_probe.hpp"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace amb::apps {

namespace asio = boost::asio;
using asio::ip::tcp;

bool speaks_first(const std::string& host, uint16_t port, std::chrono::milliseconds wait) {
  asio::io_context io;
  tcp::resolver resolver(io);
  boost::system::error_code error;
  const auto addresses = resolver.resolve(host, std::to_string(port), error);
  if (error) return false;
  tcp::socket socket(io);
  std::array<char, 16> buffer{};
  bool received = false;
  asio::async_connect(socket, addresses, [&](boost::system::error_code connected, const auto&) {
    if (connected) return;
    socket.async_read_some(asio::buffer(buffer), [&](boost::system::error_code read, size_t n) {
      received = !read && n > 0;
    });
  });
  io.run_for(wait);
  return received;
}

}  // namespace amb::apps
