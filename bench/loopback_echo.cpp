#include "bench/loopback_echo.hpp"

#include <boost/asio.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace amb::bench {

namespace asio = boost::asio;
using asio::ip::tcp;

uint16_t start_echo_server() {
  auto context = std::make_shared<asio::io_context>();
  auto acceptor = std::make_shared<tcp::acceptor>(
      *context, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const uint16_t port = acceptor->local_endpoint().port();
  std::thread([context, acceptor] {
    for (;;) {
      tcp::socket socket(*context);
      acceptor->accept(socket);
      socket.set_option(tcp::no_delay(true));
      std::vector<char> buffer(1 << 20);
      boost::system::error_code ec;
      for (;;) {
        const size_t n = socket.read_some(asio::buffer(buffer), ec);
        if (ec) break;
        asio::write(socket, asio::buffer(buffer.data(), n), ec);
        if (ec) break;
      }
    }
  }).detach();
  return port;
}

double time_echo_rounds(uint16_t port, size_t bytes, int rounds) {
  asio::io_context context;
  tcp::socket socket(context);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  socket.set_option(tcp::no_delay(true));
  std::vector<char> out(bytes, 7), in(bytes);
  const auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) {
    // Write and read at once: a large blocking write would otherwise wait for an echo that is
    // itself blocked behind a full receive buffer.
    boost::system::error_code write_error, read_error;
    asio::async_write(socket, asio::buffer(out),
                      [&](boost::system::error_code ec, size_t) { write_error = ec; });
    asio::async_read(socket, asio::buffer(in),
                     [&](boost::system::error_code ec, size_t) { read_error = ec; });
    context.run();
    context.restart();
    if (write_error || read_error)
      throw std::runtime_error("echo over loopback failed: " +
                               (write_error ? write_error : read_error).message());
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace amb::bench
