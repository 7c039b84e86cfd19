#include <doctest/doctest.h>

#include <chrono>

#include "envs/registry.hpp"

using namespace amb::envs;
using clock_type = std::chrono::steady_clock;

TEST_CASE("a paced environment's steps take at least the control period") {
  const double period = 0.02;  // s
  auto env = make_env("reacher", {0, period, ""});
  const std::vector<float> zero(env->info().act_dim, 0.0f);
  const auto start = clock_type::now();
  env->reset(1);
  // After k steps at least k periods have passed since the reset, for every k.
  for (int k = 1; k <= 10; ++k) {
    env->step(zero);
    CHECK(std::chrono::duration<double>(clock_type::now() - start).count() >= k * period);
  }
}

TEST_CASE("pacing does not change what the environment computes") {
  auto paced = make_env("reacher", {0, 0.001, ""});
  auto plain = make_env("reacher");
  CHECK(paced->reset(3) == plain->reset(3));
  const std::vector<float> action = {0.3f, -0.2f};
  for (int i = 0; i < 5; ++i) {
    auto a = paced->step(action), b = plain->step(action);
    CHECK(a.observation == b.observation);
    CHECK(a.reward == b.reward);
  }
}
