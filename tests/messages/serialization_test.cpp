#include <doctest/doctest.h>

#include <caf/all.hpp>
#include <cmath>
#include <limits>

#include "messages/errors.hpp"
#include "messages/type_ids.hpp"
#include "tests/support.hpp"

using namespace amb::messages;
using amb::tests::make_trajectory;

namespace {

template <class T>
T round_trip(caf::actor_system& sys, T value) {
  std::vector<char> buffer;
  caf::binary_serializer sink{sys, buffer};
  REQUIRE_FALSE(sink(value));
  T copy;
  caf::binary_deserializer source{sys, buffer};
  REQUIRE_FALSE(source(copy));
  return copy;
}

bool same_bytes(const shared_bytes& a, const shared_bytes& b) {
  return a.size() == b.size() && std::equal(a.data(), a.data() + a.size(), b.data());
}

}  // namespace

TEST_CASE("a trajectory survives serialisation field by field, its arrays byte for byte") {
  amb::tests::test_config cfg;
  caf::actor_system sys{cfg};
  auto t = make_trajectory(3, 2, 5, "collector-7", 0.25f);
  t.policy_version = 42;
  t.wall_time = 1.5;
  std::vector<float> rewards = {1, -2, 3.5f, 0, 7};
  t.rewards = shared_bytes::from_floats(rewards.data(), rewards.size());
  auto copy = round_trip(sys, t);
  CHECK(copy.source == "collector-7");
  CHECK(copy.policy_version == 42);
  CHECK(copy.obs_dim == 3);
  CHECK(copy.act_dim == 2);
  CHECK(copy.length == 5);
  CHECK(copy.truncated);
  CHECK_FALSE(copy.terminated);
  CHECK(copy.wall_time == 1.5);
  CHECK(same_bytes(copy.observations, t.observations));
  CHECK(same_bytes(copy.actions, t.actions));
  CHECK(copy.rewards.floats()[2] == 3.5f);
  // Deserialising made new storage; it does not alias the sender's, and vouches for nothing.
  CHECK_FALSE(copy.rewards.shares_storage_with(t.rewards));
  CHECK(t.rewards.known_finite());
  CHECK_FALSE(copy.rewards.known_finite());
}

TEST_CASE("a parameter blob and a batch survive serialisation") {
  amb::tests::test_config cfg;
  caf::actor_system sys{cfg};
  std::vector<float> theta(1000);
  for (size_t i = 0; i < theta.size(); ++i) theta[i] = std::sin(float(i));
  auto blob = param_blob::make("policy", "learner", "me_trpo", 9, {{"w", {10, 50}}, {"b", {500}}},
                               shared_bytes::from_floats(theta.data(), theta.size()));
  auto copy = round_trip(sys, blob);
  CHECK(copy.name == "policy");
  CHECK(copy.algorithm == "me_trpo");
  CHECK(copy.version == 9);
  CHECK(copy.sections == blob.sections);
  CHECK(copy.checksum == blob.checksum);
  CHECK(same_bytes(copy.values, blob.values));
  CHECK_FALSE(validate(copy, {"me_trpo", nullptr, false}));

  trajectory_batch batch;
  batch.first_seq = 10;
  batch.next_cursor = 12;
  batch.skipped = 3;
  batch.trajectories = {make_trajectory(2, 1, 4), make_trajectory(2, 1, 6)};
  auto batch_copy = round_trip(sys, batch);
  CHECK(batch_copy.first_seq == 10);
  CHECK(batch_copy.next_cursor == 12);
  CHECK(batch_copy.skipped == 3);
  REQUIRE(batch_copy.trajectories.size() == 2);
  CHECK(batch_copy.trajectories[1].length == 6);
}

TEST_CASE("copies of a message inside one process share the payload instead of copying it") {
  auto t = make_trajectory(17, 6, 200);
  auto msg = caf::make_message(t);
  const auto& inside = msg.get_as<trajectory>(0);
  CHECK(inside.observations.shares_storage_with(t.observations));
  trajectory copy = t;
  CHECK(copy.actions.shares_storage_with(t.actions));
}

TEST_CASE("trajectory validation names what is wrong") {
  const trajectory_dims dims{3, 2};
  CHECK_FALSE(validate(make_trajectory(3, 2, 4), dims));

  SUBCASE("dimensions other than expected") {
    auto err = validate(make_trajectory(4, 2, 4), dims);
    CHECK(err.code() == static_cast<uint8_t>(errc::wrong_dimensions));
  }
  SUBCASE("an array shorter than its length says") {
    auto t = make_trajectory(3, 2, 4);
    t.length = 5;
    CHECK(validate(t, dims).code() == static_cast<uint8_t>(errc::wrong_dimensions));
  }
  SUBCASE("no steps") {
    auto t = make_trajectory(3, 2, 0);
    CHECK(validate(t, dims).code() == static_cast<uint8_t>(errc::wrong_dimensions));
  }
  SUBCASE("NaN or Inf anywhere") {
    for (float bad : {std::nanf(""), std::numeric_limits<float>::infinity()}) {
      auto t = make_trajectory(3, 2, 4);
      std::vector<float> act(8, 0.1f);
      act[7] = bad;
      t.actions = shared_bytes::from_floats(act.data(), act.size());
      CHECK(validate(t, dims).code() == static_cast<uint8_t>(errc::not_finite));
    }
  }
}

namespace {

param_blob ten_floats(uint64_t version, const std::vector<float>& theta,
                      std::vector<param_section> sections = {{"w", {2, 5}}}) {
  return param_blob::make("policy", "t", "a", version, std::move(sections),
                          shared_bytes::from_floats(theta.data(), 10));
}

uint8_t refusal(const param_blob& blob, const param_expectation& expected) {
  return validate(blob, expected).code();
}

constexpr auto code = [](errc e) { return static_cast<uint8_t>(e); };

}  // namespace

TEST_CASE("parameter validation refuses old versions, wrong sizes, bad checksums and NaN") {
  std::vector<float> theta(10, 1.0f);
  auto blob = ten_floats(5, theta);
  const auto stored = ten_floats(4, theta);
  CHECK_FALSE(validate(blob, {"a", &stored, false}));
  CHECK(refusal(ten_floats(4, theta), {"a", &stored, false}) == code(errc::version_backwards));
  const auto eleven =
      param_blob::make("policy", "t", "a", 4, {{"w", {11}}},
                       shared_bytes::from_floats(std::vector<float>(11).data(), 11));
  CHECK(refusal(blob, {"a", &eleven, false}) == code(errc::wrong_dimensions));
  auto corrupted = blob;
  corrupted.checksum ^= 1;
  CHECK(refusal(corrupted, {"a", &stored, false}) == code(errc::bad_checksum));
  theta[3] = std::nanf("");
  auto with_nan = ten_floats(5, theta);
  CHECK_FALSE(with_nan.values.known_finite());
  // NaN is refused whatever the origin: from_floats noted it, and the scan finds it.
  CHECK(refusal(with_nan, {"a", &stored, false}) == code(errc::not_finite));
  CHECK(refusal(with_nan, {"a", &stored, true}) == code(errc::not_finite));
  // NaN in bytes nobody vouched for (raw bytes, or deserialised) is found by the scan.
  std::vector<char> raw(reinterpret_cast<const char*>(theta.data()),
                        reinterpret_cast<const char*>(theta.data() + 10));
  param_blob unvouched = blob;
  unvouched.values = shared_bytes(raw);
  unvouched.checksum = checksum_of(unvouched);
  CHECK_FALSE(unvouched.values.known_finite());
  CHECK(refusal(unvouched, {"a", &stored, true}) == code(errc::not_finite));
}

TEST_CASE("a blob's sections must cover its values, name each tensor once, and stay the same") {
  const std::vector<float> theta(10, 1.0f);
  const auto stored = ten_floats(4, theta);
  const param_expectation first{"a", nullptr, false}, next{"a", &stored, false};
  CHECK_FALSE(validate(ten_floats(5, theta, {{"w", {2, 4}}, {"b", {2}}}), first));
  CHECK(refusal(ten_floats(5, theta, {}), first) == code(errc::wrong_dimensions));
  CHECK(refusal(ten_floats(5, theta, {{"w", {3, 3}}}), first) == code(errc::wrong_dimensions));
  CHECK(refusal(ten_floats(5, theta, {{"w", {5}}, {"w", {5}}}), first) ==
        code(errc::wrong_dimensions));
  CHECK(refusal(ten_floats(5, theta, {{"", {10}}}), first) == code(errc::wrong_dimensions));
  CHECK(refusal(ten_floats(5, theta, {{"w", {10, 0}}, {"b", {10}}}), first) ==
        code(errc::wrong_dimensions));
  // The same ten floats as a [5, 2] tensor: not the stored [2, 5].
  CHECK(refusal(ten_floats(5, theta, {{"w", {5, 2}}}), next) == code(errc::wrong_dimensions));
  // Another algorithm's parameters, first or later.
  CHECK(refusal(ten_floats(5, theta), {"b", nullptr, false}) == code(errc::bad_request));
}

TEST_CASE("the checksum covers the sections and the algorithm, not only the values") {
  const std::vector<float> theta(10, 1.0f);
  const param_expectation first{"a", nullptr, false};
  auto renamed = ten_floats(5, theta);
  renamed.sections[0].name = "v";  // as if a byte of the name had flipped on the way
  CHECK(refusal(renamed, first) == code(errc::bad_checksum));
  auto reshaped = ten_floats(5, theta);
  reshaped.sections[0].shape = {5, 2};
  CHECK(refusal(reshaped, first) == code(errc::bad_checksum));
  auto relabelled = ten_floats(5, theta);
  relabelled.algorithm = "b";
  CHECK(refusal(relabelled, {"b", nullptr, false}) == code(errc::bad_checksum));
}

TEST_CASE("amb errors render with their name and explanation") {
  amb::tests::test_config cfg;
  caf::actor_system sys{cfg};
  auto text = sys.render(make_error(errc::bad_checksum, "blob v3"));
  CHECK(text.find("bad_checksum") != std::string::npos);
  CHECK(text.find("blob v3") != std::string::npos);
}

TEST_CASE("the parameter checksum is CRC-32C, the same with and without the CPU's instruction") {
  const std::string check = "123456789";
  CHECK(crc32c(check.data(), check.size()) == 0xE3069283u);  // the standard check value
  CHECK(crc32c_portable(check.data(), check.size()) == 0xE3069283u);
  std::vector<char> bytes(100003);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = char(i * 131 + (i >> 7));
  for (size_t size : {size_t(0), size_t(1), size_t(7), size_t(8), size_t(9), bytes.size()})
    CHECK(crc32c(bytes.data(), size) == crc32c_portable(bytes.data(), size));
  const uint32_t before = crc32c(bytes.data(), bytes.size());
  bytes[54321] ^= 0x10;  // one bit flipped
  CHECK(crc32c(bytes.data(), bytes.size()) != before);
}

TEST_CASE("a CRC-32C goes on from the one before, as if the bytes were one range") {
  std::vector<char> bytes(5003);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = char(i * 37 + (i >> 5));
  const uint32_t whole = crc32c(bytes.data(), bytes.size());
  for (size_t cut : {size_t(0), size_t(1), size_t(8), size_t(13), size_t(4096), bytes.size()}) {
    CAPTURE(cut);
    const char* rest = bytes.data() + cut;
    const size_t rest_size = bytes.size() - cut;
    CHECK(crc32c_extend(crc32c(bytes.data(), cut), rest, rest_size) == whole);
    CHECK(crc32c_portable_extend(crc32c_portable(bytes.data(), cut), rest, rest_size) == whole);
  }
  // From another start, the same bytes check differently: what a chain of records relies on.
  CHECK(crc32c_extend(1, bytes.data(), bytes.size()) != whole);
}
