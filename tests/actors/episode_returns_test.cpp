#include "actors/episode_returns.hpp"

#include <doctest/doctest.h>

#include <cmath>

using amb::actors::spread_of;

TEST_CASE("the spread of returns: mean, population standard deviation, min and max") {
  const auto s = spread_of({1, 2, 3, 6});
  CHECK(s.episodes == 4);
  CHECK(s.mean == doctest::Approx(3));
  CHECK(s.std == doctest::Approx(std::sqrt((4 + 1 + 0 + 9) / 4.0)));  // numpy's std, ddof 0
  CHECK(s.min == 1);
  CHECK(s.max == 6);
  const auto one = spread_of({-5});
  CHECK(one.std == 0);
  CHECK(one.min == -5);
  CHECK(one.max == -5);
  CHECK(spread_of({}).episodes == 0);
}
