// The figures `amb bench cluster` derives from a run's message log.
#include "bench/collection_timeline.hpp"

#include <doctest/doctest.h>

using amb::bench::collection_timeline;

namespace {

collection_timeline::episode episode(const std::string& collector, double start, double stored,
                                     uint64_t policy_version, uint32_t steps = 50) {
  return {collector, start, stored, steps, policy_version};
}

}  // namespace

TEST_CASE("collection rate counts the steps stored after the first episode, over its window") {
  collection_timeline t;
  t.episodes = {episode("a", 0.0, 1.0, 1, 100), episode("b", 0.5, 1.5, 1, 30),
                episode("a", 1.0, 3.0, 1, 70)};
  CHECK(amb::bench::collection_rate(t) == doctest::Approx((30.0 + 70.0) / 2.0));
  t.episodes.resize(1);
  CHECK(amb::bench::collection_rate(t) == 0);
}

TEST_CASE("a θ reaches the collectors when the last of them starts an episode with it or newer") {
  collection_timeline t;
  t.thetas = {{2, 1.0}, {3, 2.0}, {4, 5.0}};
  t.episodes = {
      episode("a", 0.0, 1.1, 1), episode("a", 1.2, 1.4, 2), episode("a", 2.3, 2.6, 3),
      // b skips version 2: its first episode after 2 was stored already acts with 3.
      episode("b", 0.1, 1.6, 1), episode("b", 2.5, 3.0, 3),
      // Nobody acts with 4 before the log ends: it has no figure.
  };
  const auto reach = amb::bench::theta_reach_seconds(t);
  REQUIRE(reach.size() == 2);
  CHECK(reach[0] == doctest::Approx(1.5));  // b, at 2.5
  CHECK(reach[1] == doctest::Approx(0.5));  // b again, at 2.5; a was at 2.3
}
