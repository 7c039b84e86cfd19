#include "actors/param_server.hpp"

#include <doctest/doctest.h>

#include <caf/all.hpp>

#include "messages/errors.hpp"
#include "messages/type_ids.hpp"
#include "tests/support.hpp"

using namespace amb;
using namespace amb::messages;

namespace {

constexpr auto timeout = std::chrono::seconds(10);

param_blob blob_of(uint64_t version, size_t count, float value, std::string name = "policy") {
  return tests::make_blob(name, version, std::vector<float>(count, value));
}

struct server_fixture {
  tests::test_config cfg;
  caf::actor_system sys{cfg};
  param_server_actor server = sys.spawn(actors::param_server, std::string("policy"),
                                        tests::test_algorithm, actors::message_tap{});
  caf::scoped_actor self{sys};

  caf::expected<uint64_t> push(const param_blob& blob) {
    caf::expected<uint64_t> result{caf::sec::request_timeout};
    self->request(server, timeout, push_atom::value, blob)
        .receive([&](uint64_t v) { result = v; }, [&](caf::error& e) { result = std::move(e); });
    return result;
  }
  param_pull_reply pull(uint64_t have) {
    param_pull_reply result;
    self->request(server, timeout, pull_atom::value, have)
        .receive([&](param_pull_reply& r) { result = std::move(r); },
                 [&](caf::error& e) { FAIL(caf::to_string(e)); });
    return result;
  }
  ~server_fixture() { self->send_exit(server, caf::exit_reason::user_shutdown); }
};

}  // namespace

TEST_CASE_FIXTURE(server_fixture, "pull answers unchanged until a newer version is pushed") {
  CHECK_FALSE(pull(0).changed);  // nothing pushed yet
  CHECK(*push(blob_of(1, 8, 1.0f)) == 1);
  auto first = pull(0);
  CHECK(first.changed);
  CHECK(first.blob.version == 1);
  CHECK_FALSE(pull(1).changed);
  CHECK(*push(blob_of(3, 8, 3.0f)) == 3);  // versions may skip, never go back
  auto third = pull(1);
  CHECK(third.blob.version == 3);
  CHECK(third.blob.values.floats()[0] == 3.0f);
}

TEST_CASE_FIXTURE(server_fixture, "a pulled blob shares the pushed bytes inside one process") {
  auto blob = blob_of(1, 100000, 0.5f);
  REQUIRE(push(blob));
  CHECK(pull(0).blob.values.shares_storage_with(blob.values));
}

TEST_CASE_FIXTURE(server_fixture,
                  "older versions, other sizes, NaN and foreign names are refused") {
  REQUIRE(push(blob_of(5, 8, 5.0f)));
  CHECK(push(blob_of(5, 8, 6.0f)).error().code() == static_cast<uint8_t>(errc::version_backwards));
  CHECK(push(blob_of(4, 8, 6.0f)).error().code() == static_cast<uint8_t>(errc::version_backwards));
  CHECK(push(blob_of(6, 9, 6.0f)).error().code() == static_cast<uint8_t>(errc::wrong_dimensions));
  CHECK(push(blob_of(6, 8, std::nanf(""))).error().code() ==
        static_cast<uint8_t>(errc::not_finite));
  CHECK(push(blob_of(6, 8, 6.0f, "model")).error().code() ==
        static_cast<uint8_t>(errc::bad_request));
  // The same count in other sections, and parameters of another algorithm.
  std::vector<float> eight(8, 6.0f);
  auto renamed =
      param_blob::make("policy", "test", tests::test_algorithm, 6, {{"a", {4}}, {"b", {4}}},
                       shared_bytes::from_floats(eight.data(), eight.size()));
  const auto moved = push(renamed).error();
  CHECK(moved.code() == static_cast<uint8_t>(errc::wrong_dimensions));
  CHECK(sys.render(moved).find("holds a [4], b [4]; the stored v5 holds values [8]") !=
        std::string::npos);
  auto foreign = param_blob::make("policy", "test", "maac", 6, {{"values", {8}}},
                                  shared_bytes::from_floats(eight.data(), eight.size()));
  const auto refused = push(foreign).error();
  CHECK(refused.code() == static_cast<uint8_t>(errc::bad_request));
  CHECK(sys.render(refused).find("algorithm 'maac', this run's is 'test'") != std::string::npos);
  // Through all of it the stored blob stayed v5.
  auto latest = pull(0);
  CHECK(latest.blob.version == 5);
  CHECK(latest.blob.values.floats()[7] == 5.0f);
}
