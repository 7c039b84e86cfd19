#include "learners/gaussian_mlp_policy.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <stdexcept>

using amb::learners::gaussian_mlp_policy;

TEST_CASE("the same seed gives the same θ, another seed another θ") {
  gaussian_mlp_policy a(17, 6, {}, 1), b(17, 6, {}, 1), c(17, 6, {}, 2);
  CHECK(a.parameters() == b.parameters());
  CHECK(a.parameters() != c.parameters());
  // 17*64 + 64 + 64*64 + 64 + 64*6 + 6 weights and biases, plus 6 log-stds.
  CHECK(a.parameter_count() == 17 * 64 + 64 + 64 * 64 + 64 + 64 * 6 + 6 + 6);
}

TEST_CASE("θ loaded into another policy makes it act identically") {
  gaussian_mlp_policy source(5, 2, {{16}, -1.0f}, 3), target(5, 2, {{16}, -1.0f}, 4);
  std::vector<float> theta = source.parameters();
  for (auto& x : theta) x *= 3.0f;  // something other than the initial values
  source.set_parameters(theta.data(), theta.size());
  target.set_parameters(theta.data(), theta.size());
  const float obs[5] = {0.1f, -0.2f, 0.3f, 0.5f, -1.0f};
  float a[2], b[2];
  source.mean_action(obs, a);
  target.mean_action(obs, b);
  CHECK(a[0] == b[0]);
  CHECK(a[1] == b[1]);
  CHECK(target.parameters() == theta);
}

TEST_CASE("θ of the wrong size is refused and leaves the policy unchanged") {
  gaussian_mlp_policy p(5, 2, {}, 3);
  const auto before = p.parameters();
  std::vector<float> wrong(before.size() - 1, 1.0f);
  CHECK_THROWS_AS(p.set_parameters(wrong.data(), wrong.size()), std::invalid_argument);
  CHECK(p.parameters() == before);
}

TEST_CASE("sampled actions scatter around the mean with the policy's standard deviation") {
  const float log_std = -0.5f;
  gaussian_mlp_policy p(3, 1, {{8}, log_std}, 5);
  const float obs[3] = {0.2f, 0.1f, -0.3f};
  float mean;
  p.mean_action(obs, &mean);
  std::mt19937_64 rng(1);
  double sum = 0, sum2 = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    float a;
    p.sample_action(obs, &a, rng);
    sum += a - mean;
    sum2 += (a - mean) * (a - mean);
  }
  CHECK(std::abs(sum / n) < 0.02);
  CHECK(std::sqrt(sum2 / n) == doctest::Approx(std::exp(log_std)).epsilon(0.03));
}
