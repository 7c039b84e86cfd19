// The dynamics model as the algorithms use it: which member predicts each row, and a sample of
// the probabilistic ensemble that gradients pass through.

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "learners/compute_threads.hpp"
#include "learners/ensemble_network.hpp"
#include "learners/member_selection.hpp"
#include "tests/torch_doctest.hpp"

using namespace amb::learners;

namespace {

constexpr int obs_dim = 3, act_dim = 2, members = 4;

ensemble_network small_network(bool probabilistic) {
  ensemble_config config;
  config.members = members;
  config.hidden = {16};
  config.probabilistic = probabilistic;
  return ensemble_network(obs_dim, act_dim, config, 7);
}

bool all_in_range(const torch::Tensor& chosen) {
  return chosen.min().item<int64_t>() >= 0 && chosen.max().item<int64_t>() < members;
}

}  // namespace

TEST_CASE("per_step draws every step anew, per_path keeps each path's member, given is given") {
  auto generator = at::detail::createCPUGenerator(3);
  const int64_t rows = 200;
  auto per_step = member_selection::per_step(members);
  const auto a = per_step.at_step(0, rows, generator), b = per_step.at_step(1, rows, generator);
  CHECK(all_in_range(a));
  CHECK_FALSE(torch::equal(a, b));

  auto per_path = member_selection::named("per_path", members);
  const auto first = per_path.at_step(0, rows, generator);
  CHECK(all_in_range(first));
  CHECK(torch::equal(per_path.at_step(1, rows, generator), first));
  CHECK(torch::equal(per_path.at_step(9, rows, generator), first));
  CHECK_FALSE(torch::equal(per_path.at_step(0, rows, generator), first));  // new paths
  CHECK_THROWS_AS(per_path.at_step(1, rows + 1, generator), std::invalid_argument);

  const auto fixed = torch::full({5}, 2, torch::kInt64);
  auto given = member_selection::given(fixed);
  CHECK(torch::equal(given.at_step(0, 5, generator), fixed));
  CHECK(torch::equal(given.at_step(3, 5, generator), fixed));
  CHECK_THROWS_AS(given.at_step(0, 6, generator), std::invalid_argument);
  CHECK_THROWS_WITH(member_selection::named("random", members),
                    "unknown member selection 'random'; valid: per_step, per_path");
}

TEST_CASE("a deterministic ensemble's sample is its mean, whatever the noise") {
  auto model = small_network(false);
  const auto obs = torch::randn({6, obs_dim}), act = torch::randn({6, act_dim});
  const auto chosen = torch::arange(6, torch::kInt64) % members;
  CHECK(torch::equal(model->sample(obs, act, chosen, torch::randn({6, obs_dim})),
                     model->predict(obs, act, chosen)));
}

TEST_CASE("a probabilistic sample is reparameterised: noise moves it, gradients pass through") {
  // Seeded: central differences across a ReLU's kink measure neither side's slope, and one
  // unseeded run in many put a pre-activation within h of zero (-0.119 against -0.225).
  torch::manual_seed(3);
  auto model = small_network(true);
  const auto obs = torch::randn({5, obs_dim});
  const auto chosen = torch::tensor({0, 1, 2, 3, 1}, torch::kInt64);
  const auto noise = torch::randn({5, obs_dim});
  auto act = torch::randn({5, act_dim}).requires_grad_(true);

  // Zero noise is the mean; other noise moves each row by its member's spread.
  const auto mean = model->predict(obs, act, chosen);
  CHECK(torch::allclose(model->sample(obs, act, chosen, torch::zeros({5, obs_dim})), mean));
  const auto moved = model->sample(obs, act, chosen, noise);
  CHECK((moved - mean).abs().min().item<float>() > 0);

  // d(sum of the sample)/d(act) against central differences, the noise held fixed.
  moved.sum().backward();
  const auto analytic = act.grad().clone();
  CHECK(analytic.abs().sum().item<float>() > 0);
  torch::NoGradGuard no_grad;
  const double h = 1e-3;
  for (int64_t r = 0; r < 5; ++r)
    for (int64_t j = 0; j < act_dim; ++j) {
      auto up = act.detach().clone(), down = act.detach().clone();
      up[r][j] += h;
      down[r][j] -= h;
      const double numeric = (model->sample(obs, up, chosen, noise).sum().item<double>() -
                              model->sample(obs, down, chosen, noise).sum().item<double>()) /
                             (2 * h);
      CAPTURE(r);
      CAPTURE(j);
      CHECK(analytic[r][j].item<double>() == doctest::Approx(numeric).epsilon(0.02).scale(1));
    }
  // Under a NoGradGuard (imagination for a policy-gradient step) nothing is recorded.
  CHECK_FALSE(model->sample(obs, act, chosen, noise).requires_grad());
}

TEST_CASE("each row is predicted by its own member alone, on one compute thread or two") {
  auto model = small_network(false);
  torch::manual_seed(11);
  const auto obs = torch::randn({23, obs_dim}), act = torch::randn({23, act_dim});
  auto generator = at::detail::createCPUGenerator(4);
  const auto chosen = member_selection::per_step(members).at_step(0, 23, generator);
  // The reference: every member on every row (the network's batched forward), then each row's.
  torch::Tensor expected;
  {
    torch::NoGradGuard no_grad;
    const auto x = model->normalise_input(obs, act).unsqueeze(0).expand({members, 23, -1});
    const auto all = model->forward(x.contiguous());  // [K, B, obs_dim]
    const auto change = all.gather(0, chosen.view({1, 23, 1}).expand({1, 23, obs_dim})).squeeze(0);
    // The normalisers start at mean 0 and spread 1: the next state is the state plus the change.
    const double clip = model->config.prediction_clip;
    expected = model->predict(obs, act, chosen);
    CHECK(torch::allclose(expected, obs + change.clamp(-clip, clip), 1e-5, 1e-5));
  }
  for (const int threads : {1, 2}) {
    CAPTURE(threads);
    set_compute_threads(threads);
    auto into = torch::zeros({23, obs_dim});
    model->predict_into(obs, act, chosen, into);
    CHECK(torch::equal(into, expected));
  }
  set_compute_threads(1);
  CHECK_THROWS_WITH(model->predict(obs, act, torch::full({23}, members, torch::kInt64)),
                    "no ensemble member 4 of 4");
}

TEST_CASE("member_cuts gives each piece whole members, some rows, and close to its share of them") {
  CHECK(member_cuts({10, 10, 10, 10, 10}, 1) == std::vector<size_t>{0, 5});
  CHECK(member_cuts({10, 10, 10, 10, 10}, 2) == std::vector<size_t>{0, 2, 5});
  CHECK(member_cuts({30, 5, 5, 5, 5}, 2) == std::vector<size_t>{0, 1, 5});
  CHECK(member_cuts({0, 0, 50}, 2) == std::vector<size_t>{0, 3});  // no piece without rows
  CHECK(member_cuts({7}, 2) == std::vector<size_t>{0, 1});         // fewer members than pieces
}
