#include "learners/gaussian_mlp_policy.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <stdexcept>

using amb::learners::gaussian_mlp_policy;
using amb::learners::view_of;

TEST_CASE("the same seed gives the same θ, another seed another θ") {
  gaussian_mlp_policy a(17, 6, {}, 1), b(17, 6, {}, 1), c(17, 6, {}, 2);
  CHECK(a.parameters().values == b.parameters().values);
  CHECK(a.parameters().values != c.parameters().values);
  // 17*64 + 64 + 64*64 + 64 + 64*6 + 6 weights and biases, plus 6 log-stds.
  CHECK(a.parameter_count() == 17 * 64 + 64 + 64 * 64 + 64 + 64 * 6 + 6 + 6);
}

TEST_CASE("θ loaded into another policy makes it act identically") {
  gaussian_mlp_policy source(5, 2, {{16}, -1.0f}, 3), target(5, 2, {{16}, -1.0f}, 4);
  auto theta = source.parameters();
  for (auto& x : theta.values) x *= 3.0f;  // something other than the initial values
  source.set_parameters(view_of(theta));
  target.set_parameters(view_of(theta));
  const float obs[5] = {0.1f, -0.2f, 0.3f, 0.5f, -1.0f};
  float a[2], b[2];
  source.mean_action(obs, a);
  target.mean_action(obs, b);
  CHECK(a[0] == b[0]);
  CHECK(a[1] == b[1]);
  CHECK(target.parameters().values == theta.values);
}

TEST_CASE("θ names its tensors as torch does, with their shapes") {
  const auto theta = gaussian_mlp_policy(5, 2, {{16}, -1.0f}, 3).parameters();
  CHECK(to_string(theta.layout) ==
        "mlp.0.weight [16, 5], mlp.0.bias [16], mlp.2.weight [2, 16], mlp.2.bias [2], log_std [2]");
}

TEST_CASE("θ of another shape is refused naming the section, and leaves the policy unchanged") {
  gaussian_mlp_policy p(5, 2, {}, 3);
  const auto before = p.parameters();
  // Another policy's θ of the same length: a count alone could not tell them apart.
  const auto other = gaussian_mlp_policy(6, 1, {{64, 63}}, 3).parameters();
  REQUIRE(other.values.size() != before.values.size());
  auto same_count = before;
  std::swap(same_count.layout[0].shape[0], same_count.layout[0].shape[1]);
  try {
    p.set_parameters(view_of(same_count));
    FAIL("a θ with a transposed first layer was loaded");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()) ==
          "policy θ section 1 is mlp.0.weight [5, 64], expected mlp.0.weight [64, 5]");
  }
  CHECK_THROWS_AS(p.set_parameters(view_of(other)), std::invalid_argument);
  auto short_values = before;
  short_values.values.pop_back();
  CHECK_THROWS_AS(p.set_parameters(view_of(short_values)), std::invalid_argument);
  CHECK(p.parameters().values == before.values);
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
