#include "actors/data_buffer.hpp"

#include <doctest/doctest.h>

#include <caf/all.hpp>
#include <set>

#include "messages/errors.hpp"
#include "messages/type_ids.hpp"
#include "tests/support.hpp"

using namespace amb;
using namespace amb::messages;

namespace {

constexpr auto timeout = std::chrono::seconds(10);

// Tags each trajectory with its producer and index through its first reward, so a reader can
// tell exactly which ones it got.
trajectory tagged(int producer, int index) {
  return tests::make_trajectory(3, 2, 5, "producer-" + std::to_string(producer),
                                float(producer * 1000 + index));
}

}  // namespace

TEST_CASE("the log numbers trajectories in order and reads never remove them") {
  actors::trajectory_log log({3, 2, 1000, 64});
  for (int i = 0; i < 5; ++i) CHECK(*log.append(tagged(0, i)) == uint64_t(i));
  auto first = log.read("learner", 0, 3);
  REQUIRE(first);
  CHECK(first->trajectories.size() == 3);
  CHECK(first->next_cursor == 3);
  // Reading again from the same cursor gives the same trajectories: nothing was consumed.
  auto again = log.read("learner", 0, 3);
  REQUIRE(again);
  CHECK(again->trajectories[2].rewards.floats()[0] == 2.0f);
  auto rest = log.read("learner", first->next_cursor, 64);
  REQUIRE(rest);
  CHECK(rest->first_seq == 3);
  CHECK(rest->trajectories.size() == 2);
  CHECK(log.stats().trajectories_stored == 5);
}

TEST_CASE("a restarted consumer learns its last cursor and re-reads from it") {
  actors::trajectory_log log({3, 2, 1000, 64});
  for (int i = 0; i < 6; ++i) REQUIRE(log.append(tagged(0, i)));
  CHECK(log.cursor_of("model_learner") == 0);  // never seen
  REQUIRE(log.read("model_learner", 0, 4));
  REQUIRE(log.read("model_learner", 4, 4));  // it acknowledged 0..3 by asking from 4, then died
  const auto cursor = log.cursor_of("model_learner");
  CHECK(cursor == 4);
  auto reread = log.read("model_learner", cursor, 64);
  REQUIRE(reread);
  REQUIRE(reread->trajectories.size() == 2);
  CHECK(reread->trajectories[0].rewards.floats()[0] == 4.0f);
  CHECK(log.cursor_of("policy_learner") == 0);  // cursors are per consumer
}

TEST_CASE("the window keeps the newest trajectories and a late reader is told what it missed") {
  actors::trajectory_log log({3, 2, /*capacity_steps=*/12, 64});  // room for two of 5 steps
  for (int i = 0; i < 5; ++i) REQUIRE(log.append(tagged(0, i)));
  auto stats = log.stats();
  CHECK(stats.trajectories_pushed == 5);
  CHECK(stats.trajectories_stored == 2);
  CHECK(stats.first_stored_seq == 3);
  CHECK(stats.env_steps == 25);
  auto batch = log.read("late", 1, 64);
  REQUIRE(batch);
  CHECK(batch->first_seq == 3);
  CHECK(batch->skipped == 2);
  CHECK(batch->trajectories[0].rewards.floats()[0] == 3.0f);
}

TEST_CASE("bad pushes and bad pulls are refused and leave the stored log intact") {
  actors::trajectory_log log({3, 2, 1000, 64});
  REQUIRE(log.append(tagged(0, 0)));
  auto nan_trajectory = tagged(0, 1);
  std::vector<float> obs(18, 0.f);
  obs[4] = std::nanf("");
  nan_trajectory.observations = shared_bytes::from_floats(obs.data(), obs.size());
  CHECK(log.append(nan_trajectory).error().code() == static_cast<uint8_t>(errc::not_finite));
  CHECK(log.append(tests::make_trajectory(3, 3, 5)).error().code() ==
        static_cast<uint8_t>(errc::wrong_dimensions));
  CHECK(log.read("x", 7, 1).error().code() == static_cast<uint8_t>(errc::bad_request));
  CHECK(log.read("x", 0, 0).error().code() == static_cast<uint8_t>(errc::bad_request));
  auto stats = log.stats();
  CHECK(stats.trajectories_pushed == 1);
  CHECK(stats.rejected == 2);
  CHECK(log.read("x", 0, 10)->trajectories[0].rewards.floats()[0] == 0.0f);
  // The next good push continues the numbering where it was.
  CHECK(*log.append(tagged(0, 2)) == 1);
}

TEST_CASE("concurrent producers through the actor: a reader sees every trajectory exactly once") {
  tests::test_config cfg;
  caf::actor_system sys{cfg};
  auto buffer = sys.spawn(
      actors::data_buffer,
      std::make_shared<actors::trajectory_log>(actors::data_buffer_config{3, 2, 100000, 7}),
      actors::message_tap{});
  constexpr int producers = 4;
  constexpr int per_producer = 50;
  for (int p = 0; p < producers; ++p) {
    sys.spawn([=](caf::event_based_actor* self) {
      for (int i = 0; i < per_producer; ++i)
        self->request(buffer, timeout, push_atom::value, tagged(p, i)).then([](uint64_t) {});
    });
  }
  caf::scoped_actor self{sys};
  std::multiset<float> seen;
  uint64_t cursor = 0;
  // Read in small batches while the producers push, until all have arrived.
  while (seen.size() < producers * per_producer) {
    self->request(buffer, timeout, pull_atom::value, std::string("reader"), cursor, uint32_t{5})
        .receive(
            [&](trajectory_batch& batch) {
              CHECK(batch.first_seq == cursor);
              CHECK(batch.skipped == 0);
              for (auto& t : batch.trajectories) seen.insert(t.rewards.floats()[0]);
              cursor = batch.next_cursor;
            },
            [&](caf::error& err) { FAIL(caf::to_string(err)); });
  }
  std::set<float> distinct(seen.begin(), seen.end());
  CHECK(distinct.size() == seen.size());  // no duplicates
  for (int p = 0; p < producers; ++p)
    for (int i = 0; i < per_producer; ++i) CHECK(distinct.count(float(p * 1000 + i)) == 1);
  self->send_exit(buffer, caf::exit_reason::user_shutdown);
}
