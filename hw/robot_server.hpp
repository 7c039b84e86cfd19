#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "hw/arm_controller.hpp"
#include "hw/command_intake.hpp"
#include "hw/latest_value.hpp"
#include "hw/link_protocol.hpp"
#include "hw/realtime_loop.hpp"
#include "hw/simulated_arm.hpp"
#include "hw/udp_endpoint.hpp"

namespace amb::hw {

struct robot_server_config {
  std::string task = "reach";
  std::string listen = "127.0.0.1:7400";  // UDP HOST:PORT; port 0 picks a free one
  int state_every_ticks = 100;            // state datagrams at the controller rate (10 Hz)
  realtime_loop_config loop;
  arm_controller_config controller;
};

struct robot_server_stats {
  loop_timing timing;
  intake_counts intake;
  std::string last_refusal;  // why the last refused datagram was refused
  arm_mode mode = arm_mode::idle;
  uint64_t states_sent = 0;
  uint64_t recoveries = 0;  // times the simulation was put back at rest
};

/// The robot side of the link, here with the simulated arm as its body: the 1 kHz loop (sensors,
/// arm_controller, motors) on a real-time thread, and a link thread that turns datagrams into
/// commands through the command_intake and sends the state every controller period to the
/// controller that last spoke. The two threads meet only in latest_value hand-offs.
class robot_server {
 public:
  /// Loads the task's scene and binds the socket; throws std::runtime_error or
  /// std::invalid_argument naming what failed.
  explicit robot_server(robot_server_config config);
  ~robot_server();

  void start();
  void stop();

  uint16_t port() const { return endpoint_.local_endpoint().port(); }
  std::string priority_warning() const { return loop_.priority_warning(); }
  robot_server_stats stats() const;

 private:
  void tick(uint64_t tick, realtime_loop::clock::time_point now);
  void serve_link();

  robot_server_config config_;
  simulated_arm arm_;
  arm_controller controller_;
  udp_endpoint endpoint_;
  // Real-time side.
  latest_value<arm_command> commands_;  // link thread -> loop
  latest_value<arm_state> states_;      // loop -> link thread, every controller period
  uint64_t command_tick_ = 0;
  uint64_t mode_tick_ = 0;
  arm_mode previous_mode_ = arm_mode::idle;
  std::atomic<uint64_t> current_tick_{0};
  std::atomic<arm_mode> mode_{arm_mode::idle};
  std::atomic<uint64_t> recoveries_{0};
  realtime_loop loop_;
  // Link side.
  std::thread link_thread_;
  std::atomic<bool> stop_link_{false};
  mutable std::mutex stats_mutex_;  // the link thread's counters; never taken by the loop
  command_intake intake_;
  uint64_t states_sent_ = 0;
};

}  // namespace amb::hw
