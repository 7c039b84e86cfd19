// The robot link's datagrams and the robot side's intake: whole datagrams decode to what was
// sent; garbage, cuts, flipped bits, reordering, duplicates, loss and delay never become an
// applied command.
#include "hw/link_protocol.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>

#include "hw/command_intake.hpp"

using namespace amb::hw;

namespace {

constexpr uint64_t max_age_ticks = 250;

link_command command_with(uint64_t reference_tick, double base) {
  link_command c;
  c.reference_tick = reference_tick;
  for (int j = 0; j < 7; ++j) c.values[j] = base + j;
  return c;
}

std::vector<uint8_t> encoded(const link_header& header, const link_command& command) {
  datagram_bytes bytes{};
  const size_t size = encode_command(header, command, bytes);
  return {bytes.begin(), bytes.begin() + size};
}

}  // namespace

TEST_CASE("state and command datagrams decode to exactly what was encoded") {
  arm_state state;
  state.tick = 123456;
  state.command_tick = 123400;
  state.command_sequence = 77;
  state.mode_tick = 123000;
  state.mode = arm_mode::move_to;
  for (int j = 0; j < 7; ++j) state.q[j] = 0.1 * j, state.qdot[j] = -0.2 * j, state.effort[j] = j;
  datagram_bytes bytes{};
  const size_t size = encode_state({datagram_kind::state, 9, 5, -42}, state, bytes);
  CHECK(size == state_datagram_size);
  link_datagram out;
  REQUIRE(decode_datagram(bytes.data(), size, out).empty());
  CHECK(out.header.kind == datagram_kind::state);
  CHECK(out.header.session == 9);
  CHECK(out.header.sequence == 5);
  CHECK(out.header.sent_ns == -42);
  CHECK(out.state.tick == state.tick);
  CHECK(out.state.command_tick == state.command_tick);
  CHECK(out.state.command_sequence == 77);
  CHECK(out.state.mode_tick == 123000);
  CHECK(out.state.mode == arm_mode::move_to);
  CHECK(out.state.q == state.q);
  CHECK(out.state.qdot == state.qdot);
  CHECK(out.state.effort == state.effort);

  auto command = encoded({datagram_kind::torque, 3, 8, 1}, command_with(99, 0.5));
  CHECK(command.size() == command_datagram_size);
  REQUIRE(decode_datagram(command.data(), command.size(), out).empty());
  CHECK(out.header.kind == datagram_kind::torque);
  CHECK(out.command.reference_tick == 99);
  CHECK(out.command.values == command_with(99, 0.5).values);
}

TEST_CASE("a bad datagram is refused with what is wrong with it") {
  auto good = encoded({datagram_kind::torque, 3, 8, 1}, command_with(99, 0.5));
  link_datagram out;
  CHECK(decode_datagram(good.data(), 10, out) == "10 bytes, shorter than a header");
  auto flipped = good;
  flipped[50] ^= 0x10;
  CHECK(decode_datagram(flipped.data(), flipped.size(), out) == "CRC mismatch");
  auto version = good;
  version[4] = 9;
  CHECK(decode_datagram(version.data(), version.size(), out) ==
        "protocol version 9, this side speaks 1");
  auto cut = good;
  cut.pop_back();
  CHECK(decode_datagram(cut.data(), cut.size(), out) == "kind 2 is 100 bytes, got 99");
  auto nan = command_with(99, 0.5);
  nan.values[3] = std::numeric_limits<double>::quiet_NaN();
  auto with_nan = encoded({datagram_kind::torque, 3, 8, 1}, nan);
  CHECK(decode_datagram(with_nan.data(), with_nan.size(), out) == "values[3] is not finite");
}

TEST_CASE(
    "link fuzzing: random bytes, flips, cuts, reordering, loss and duplicates never apply "
    "an invalid command") {
  std::mt19937_64 rng(7);
  command_intake intake(max_age_ticks);
  const auto now = std::chrono::steady_clock::now();
  uint64_t robot_tick = 1000;
  uint64_t session = 0x1234;
  uint64_t sequence = 0;
  // What a genuine controller sent, by (session, sequence): the only commands that may apply.
  std::map<std::pair<uint64_t, uint64_t>, joint_values> genuine;
  uint64_t newest_applied = 0, applied_session = 0;
  std::vector<std::vector<uint8_t>> sent;  // genuine datagrams, for replays and reordering
  int cases = 0, applied = 0;

  auto offer = [&](const std::vector<uint8_t>& bytes) {
    ++cases;
    auto command = intake.accept(bytes.data(), bytes.size(), robot_tick, now);
    // Every datagram here answers a state (no reference tick 0): only a taken one may draw the
    // state stream to its sender.
    REQUIRE(intake.last_from_controller() == command.has_value());
    if (!command) return;
    ++applied;
    link_datagram decoded;
    REQUIRE(decode_datagram(bytes.data(), bytes.size(), decoded).empty());
    const auto key = std::make_pair(decoded.header.session, command->sequence);
    REQUIRE(genuine.count(key) == 1);             // only what a controller sent
    REQUIRE(genuine.at(key) == command->values);  // exactly as sent
    if (decoded.header.session == applied_session) REQUIRE(command->sequence > newest_applied);
    applied_session = decoded.header.session;
    newest_applied = command->sequence;
    for (double v : command->values) REQUIRE(std::isfinite(v));
  };

  std::uniform_int_distribution<int> pick(0, 9), byte(0, 255);
  for (int round = 0; round < 3000; ++round) {
    robot_tick += 100;
    // A genuine command answering a recent state, sometimes one answering a stale state.
    const bool delayed = pick(rng) == 0;
    const uint64_t reference = delayed ? robot_tick - 2 * max_age_ticks : robot_tick - 5;
    const auto command = command_with(reference, round * 0.001);
    const link_header header{datagram_kind::torque, session, ++sequence, 0};
    if (!delayed) genuine[{session, sequence}] = command.values;
    auto bytes = encoded(header, command);
    sent.push_back(bytes);
    switch (pick(rng)) {
      case 0:
        break;   // lost
      case 1: {  // random bytes of a random length
        std::vector<uint8_t> garbage(std::uniform_int_distribution<int>(0, 300)(rng));
        for (auto& b : garbage) b = static_cast<uint8_t>(byte(rng));
        offer(garbage);
        offer(bytes);
        break;
      }
      case 2: {  // one bit flipped somewhere
        auto flipped = bytes;
        flipped[std::uniform_int_distribution<size_t>(0, flipped.size() - 1)(rng)] ^=
            static_cast<uint8_t>(1u << std::uniform_int_distribution<int>(0, 7)(rng));
        offer(flipped);
        break;
      }
      case 3: {  // cut short or padded
        auto cut = bytes;
        cut.resize(std::uniform_int_distribution<size_t>(0, cut.size() + 20)(rng));
        offer(cut);
        break;
      }
      case 4:  // duplicated
        offer(bytes);
        offer(bytes);
        break;
      case 5: {  // one of the last few datagrams arrives again after this one (reordering)
        offer(bytes);
        const size_t back = std::min<size_t>(sent.size(), 5);
        offer(sent[sent.size() - 1 - std::uniform_int_distribution<size_t>(0, back - 1)(rng)]);
        break;
      }
      case 6:  // a restarted controller: new session, sequence from 1 again
        session += 1;
        sequence = 0;
        offer(bytes);  // the old session's last word arrives first
        break;
      case 7: {  // a state datagram sent the wrong way
        datagram_bytes state{};
        const size_t size = encode_state({datagram_kind::state, session, 1, 0}, {}, state);
        offer({state.begin(), state.begin() + size});
        offer(bytes);
        break;
      }
      default:
        offer(bytes);
    }
  }
  CHECK(cases >= 1000);
  CHECK(applied > 1000);  // the genuine stream still gets through
  const auto& counts = intake.counts();
  CHECK(counts.malformed > 0);
  CHECK(counts.out_of_order > 0);
  CHECK(counts.too_late > 0);
  CHECK(counts.old_session > 0);
  CHECK(counts.not_a_command > 0);
}

TEST_CASE("only a taken command, or a new session's first word, draws the state stream") {
  command_intake intake(max_age_ticks);
  const auto now = std::chrono::steady_clock::now();
  const uint64_t tick = 10000;
  auto offer = [&](uint64_t session, uint64_t sequence, uint64_t reference) {
    const auto bytes =
        encoded({datagram_kind::torque, session, sequence, 0}, command_with(reference, 0.1));
    const bool taken = intake.accept(bytes.data(), bytes.size(), tick, now).has_value();
    return std::make_pair(taken, intake.last_from_controller());
  };
  // A new controller's first word answers no state: refused, but it gets the states.
  CHECK(offer(0xA, 1, 0) == std::make_pair(false, true));
  CHECK(offer(0xA, 2, tick - 3) == std::make_pair(true, true));
  // Too late, from a new session, the current one or the same sender: refused, stream stays.
  CHECK(offer(0xB, 1, tick - 2 * max_age_ticks) == std::make_pair(false, false));
  CHECK(offer(0xA, 3, tick - 2 * max_age_ticks) == std::make_pair(false, false));
  // A replay of a taken command: refused as out of order, stream stays.
  CHECK(offer(0xA, 2, tick - 3) == std::make_pair(false, false));
  // A restarted controller takes over; the session it replaced cannot ask for the stream again.
  CHECK(offer(0xC, 1, tick - 1) == std::make_pair(true, true));
  CHECK(offer(0xA, 9, 0) == std::make_pair(false, false));
  CHECK(offer(0xA, 10, tick - 1) == std::make_pair(false, false));
}
