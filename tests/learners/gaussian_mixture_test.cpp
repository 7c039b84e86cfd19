// The mixture prior of NAF's local models: EM recovers a known mixture, its moments near a
// cluster's rows are that cluster's, and as a prior it fits a system whose dynamics switch
// along the trajectory closer than the pooled Gaussian of the same episodes does.
#include "learners/naf/gaussian_mixture.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "learners/naf/local_linear_models.hpp"
#include "learners/naf/local_model_learner.hpp"
#include "tests/learners/reacher_data.hpp"
#include "tests/torch_doctest.hpp"

using namespace amb::learners;
using namespace amb::learners::naf;

namespace {

torch::Tensor normal_rows(int n, const torch::Tensor& mean, const torch::Tensor& factor,
                          at::Generator& generator) {
  return mean + torch::randn({n, mean.size(0)}, generator, torch::kFloat64).mm(factor.t());
}

double largest_difference(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

// Episodes of a system whose state is (p, q): p counts the steps, q follows
// q' = a q + 0.5 u + noise with a = 0.9 before step 10 and -0.6 from it on.
constexpr int switching_horizon = 20;
double switching_gain(int t) {
  return t < 10 ? 0.9 : -0.6;
}

std::vector<recorded_episode> switching_episodes(int count, at::Generator& generator) {
  std::vector<recorded_episode> episodes;
  for (int e = 0; e < count; ++e) {
    auto obs = torch::zeros({switching_horizon + 1, 2});
    const auto act = torch::randn({switching_horizon, 1}, generator);
    const auto noise = torch::randn({switching_horizon + 1, 2}, generator);
    obs[0][0] = 0.01 * noise[0][0];
    obs[0][1] = noise[0][1];
    for (int t = 0; t < switching_horizon; ++t) {
      obs[t + 1][0] = obs[t][0] + 1 + 0.01 * noise[t + 1][0];
      obs[t + 1][1] = switching_gain(t) * obs[t][1] + 0.5 * act[t][0] + 0.05 * noise[t + 1][1];
    }
    episodes.push_back({obs, act});
  }
  return episodes;
}

// Σ_t |F_t's coefficient of q in q' − the true one|.
double gain_error(const linear_gaussian_dynamics& fitted) {
  double total = 0;
  for (int t = 0; t < switching_horizon; ++t)
    total += std::abs(fitted.gain[t][1][1].item<double>() - switching_gain(t));
  return total;
}

}  // namespace

TEST_CASE("EM recovers the weights, means and covariances of a mixture of two Gaussians") {
  auto generator = at::detail::createCPUGenerator(3);
  const auto mean_a = torch::tensor({-3.0, 0.0}, torch::kFloat64);
  const auto factor_a = torch::tensor({{1.0, 0.0}, {0.0, 0.5}}, torch::kFloat64);
  const auto mean_b = torch::tensor({3.0, 2.0}, torch::kFloat64);
  const auto factor_b = torch::tensor({{0.7, 0.0}, {0.3, 0.4}}, torch::kFloat64);
  const auto rows_a = normal_rows(1400, mean_a, factor_a, generator);
  const auto rows_b = normal_rows(600, mean_b, factor_b, generator);
  const auto rows = torch::cat({rows_a, rows_b});

  const auto mixture = gaussian_mixture::fit(rows, 2, 1e-6, generator);
  REQUIRE(mixture.clusters() == 2);
  const int a = mixture.means()[0][0].item<double>() < 0 ? 0 : 1, b = 1 - a;
  CHECK(mixture.weights()[a].item<double>() == doctest::Approx(0.7).epsilon(0.03));
  CHECK(mixture.weights()[b].item<double>() == doctest::Approx(0.3).epsilon(0.05));
  CHECK(largest_difference(mixture.means()[a], mean_a) < 0.1);
  CHECK(largest_difference(mixture.means()[b], mean_b) < 0.1);
  // Near one cluster's rows the mixture's moments are that cluster's.
  const auto near_b = mixture.moments_near(rows_b.narrow(0, 0, 5));
  CHECK(largest_difference(near_b.mean, mean_b) < 0.1);
  CHECK(largest_difference(near_b.covariance, factor_b.mm(factor_b.t())) < 0.1);
  // Two components explain the rows better than one, which is their pooled Gaussian.
  const auto single = gaussian_mixture::fit(rows, 1, 1e-6, generator);
  const auto pooled = empirical_gaussian(rows);
  const auto near_all = single.moments_near(rows);
  CHECK(largest_difference(near_all.mean, pooled.mean) < 1e-9);
  CHECK(largest_difference(near_all.covariance, pooled.covariance) < 1e-5);
  CHECK(mixture.log_density(rows).mean().item<double>() >
        single.log_density(rows).mean().item<double>() + 0.5);
  CHECK_THROWS_AS(gaussian_mixture::fit(rows.narrow(0, 0, 3), 4, 1e-6, generator),
                  std::invalid_argument);
}

TEST_CASE("a mixture prior fits dynamics that switch along the episode closer than the pooled") {
  auto generator = at::detail::createCPUGenerator(8);
  const auto history = switching_episodes(30, generator);
  std::vector<torch::Tensor> rows;
  for (const auto& e : history) rows.push_back(transition_rows(e));
  const auto mixture = gaussian_mixture::fit(torch::cat(rows), 6, 1e-6, generator);
  // Two episodes a fit, fewer than the three inputs of each step's model: the prior decides.
  const std::vector<recorded_episode> latest{history[28], history[29]};
  const local_fit_options options{switching_horizon, 1.0, 1e-6};
  const double pooled_error = gain_error(fit_local_models(latest, options));
  const double mixture_error = gain_error(fit_local_models(latest, options, &mixture));
  CAPTURE(pooled_error);
  CAPTURE(mixture_error);
  CHECK(mixture_error < 0.5 * pooled_error);
  const auto other_dimensions =
      gaussian_mixture::fit(torch::cat(rows).narrow(1, 0, 4), 2, 1e-6, generator);
  CHECK_THROWS_AS(fit_local_models(latest, options, &other_dimensions), std::invalid_argument);
}

TEST_CASE("the local model learner with the mixture prior fills its clusters from the history") {
  auto context = amb::tests::reacher_context();
  local_models_config config;
  config.episodes = 2;
  config.prior = "mixture";
  config.mixture_episodes = 3;
  config.mixture_cluster_rows = 40;
  auto learner = make_local_model_learner(context, config, ilqg_config{});
  const auto episodes = amb::tests::reacher_episodes(4);
  const auto length = double(episodes[0].rewards.size());
  auto clusters_of = [](const step_outcome& outcome) {
    for (const auto& [name, value] : outcome.values)
      if (name == "prior_clusters") return value;
    return -1.0;
  };
  learner->add_episode(episodes[0].view());
  learner->add_episode(episodes[1].view());
  const auto first = learner->step();
  REQUIRE(first.status == step_status::stepped);
  CHECK(clusters_of(first) == std::floor(2 * length / 40));
  // Past `mixture_episodes`, the oldest episode leaves the mixture's rows.
  learner->add_episode(episodes[2].view());
  learner->add_episode(episodes[3].view());
  const auto second = learner->step();
  REQUIRE(second.status == step_status::stepped);
  CHECK(clusters_of(second) == std::floor(3 * length / 40));
  CHECK(std::isfinite(second.values[1].second));
}
