#include "hw/robot_server.hpp"

#include <chrono>
#include <optional>
#include <random>

namespace amb::hw {

namespace {

// How long the link thread waits for a datagram before looking for a state to send: at most
// this much is added to a state's delay.
constexpr std::chrono::milliseconds link_poll{1};

uint64_t ticks_in(std::chrono::nanoseconds span, std::chrono::nanoseconds period) {
  return static_cast<uint64_t>(span / period);
}

}  // namespace

robot_server::robot_server(robot_server_config config)
    : config_(config),
      arm_(envs::pr2_task_named(config.task), config.loop.period),
      controller_(config.controller),
      endpoint_(config.listen),
      loop_(config.loop,
            [this](uint64_t tick, realtime_loop::clock::time_point now) { this->tick(tick, now); }),
      intake_(ticks_in(config.controller.command_timeout, config.loop.period)) {}

robot_server::~robot_server() {
  stop();
}

void robot_server::start() {
  loop_.start();
  stop_link_ = false;
  link_thread_ = std::thread([this] { serve_link(); });
}

void robot_server::stop() {
  stop_link_ = true;
  if (link_thread_.joinable()) link_thread_.join();
  loop_.stop();
}

void robot_server::tick(uint64_t tick, realtime_loop::clock::time_point now) {
  arm_command command;
  const bool fresh = commands_.take(command);
  if (fresh) command_tick_ = tick;
  arm_state state;
  state.tick = tick;
  arm_.read(state.q.data(), state.qdot.data());
  controller_.tick(now, state.q.data(), state.qdot.data(), fresh ? &command : nullptr,
                   state.effort.data());
  arm_.apply(state.effort.data());
  if (controller_.mode() != previous_mode_) {
    previous_mode_ = controller_.mode();
    mode_tick_ = tick;
  }
  current_tick_.store(tick, std::memory_order_relaxed);
  mode_.store(controller_.mode(), std::memory_order_relaxed);
  recoveries_.store(arm_.recoveries(), std::memory_order_relaxed);
  if (tick % config_.state_every_ticks == 0) {
    state.command_tick = command_tick_;
    state.command_sequence = controller_.command_sequence();
    state.mode_tick = mode_tick_;
    state.mode = controller_.mode();
    states_.publish(state);
  }
}

void robot_server::serve_link() {
  std::mt19937_64 seed_source(std::random_device{}());
  const uint64_t session = seed_source() | 1;  // never 0
  uint64_t sequence = 0;
  std::optional<boost::asio::ip::udp::endpoint> controller;
  std::array<uint8_t, max_datagram_size + 1> incoming{};  // +1: an oversized datagram shows
  datagram_bytes outgoing{};
  while (!stop_link_.load()) {
    if (auto got = endpoint_.receive(incoming.data(), incoming.size(), link_poll)) {
      std::lock_guard<std::mutex> lock(stats_mutex_);
      auto command = intake_.accept(incoming.data(), got->size, current_tick_.load(),
                                    std::chrono::steady_clock::now());
      if (intake_.last_from_controller()) controller = got->from;
      if (command) commands_.publish(*command);
    }
    arm_state state;
    if (states_.take(state) && controller) {
      const auto now = std::chrono::steady_clock::now().time_since_epoch();
      const link_header header{datagram_kind::state, session, ++sequence,
                               std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()};
      endpoint_.send_to(outgoing.data(), encode_state(header, state, outgoing), *controller);
      std::lock_guard<std::mutex> lock(stats_mutex_);
      ++states_sent_;
    }
  }
}

robot_server_stats robot_server::stats() const {
  robot_server_stats s;
  s.timing = loop_.timing();
  s.mode = mode_.load();
  s.recoveries = recoveries_.load();
  {
    std::lock_guard<std::mutex> lock(stats_mutex_);
    s.intake = intake_.counts();
    s.last_refusal = intake_.last_error();
    s.states_sent = states_sent_;
  }
  return s;
}

}  // namespace amb::hw
