#include "learners/dynamics_ensemble.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <stdexcept>

using namespace amb::learners;

namespace {

constexpr int obs_dim = 3;
constexpr int act_dim = 1;

// x' = A x + B u with a fixed stable A: the known system the ensemble must learn.
struct linear_system {
  float a[obs_dim][obs_dim] = {{0.9f, 0.1f, 0.0f}, {-0.1f, 0.9f, 0.05f}, {0.0f, 0.2f, 0.8f}};
  float b[obs_dim] = {0.5f, -0.3f, 0.1f};
  std::mt19937 rng{4};

  void sample(size_t n, std::vector<float>& obs, std::vector<float>& act,
              std::vector<float>& next) {
    std::normal_distribution<float> normal;
    obs.resize(n * obs_dim);
    act.resize(n * act_dim);
    next.resize(n * obs_dim);
    for (size_t r = 0; r < n; ++r) {
      for (int i = 0; i < obs_dim; ++i) obs[r * obs_dim + i] = normal(rng);
      act[r] = normal(rng);
      for (int i = 0; i < obs_dim; ++i) {
        float x = b[i] * act[r];
        for (int j = 0; j < obs_dim; ++j) x += a[i][j] * obs[r * obs_dim + j];
        next[r * obs_dim + i] = x;
      }
    }
  }
};

ensemble_config small_config(bool probabilistic) {
  ensemble_config c;
  c.members = 3;
  c.hidden = {64, 64};
  c.probabilistic = probabilistic;
  c.learning_rate = 2e-3f;
  c.batch_size = 64;
  return c;
}

// Mean squared prediction error of member `m` on fresh data, relative to the variance of the
// state change (1 = no better than predicting the average change).
double relative_error(const dynamics_ensemble& ensemble, linear_system& system, int member) {
  std::vector<float> obs, act, next, predicted(500 * obs_dim);
  system.sample(500, obs, act, next);
  ensemble.predict(obs.data(), act.data(), 500, member, predicted.data());
  double error = 0, variance = 0, mean_change = 0;
  for (size_t i = 0; i < next.size(); ++i) mean_change += (next[i] - obs[i]) / next.size();
  for (size_t i = 0; i < next.size(); ++i) {
    error += std::pow(predicted[i] - next[i], 2);
    variance += std::pow(next[i] - obs[i] - mean_change, 2);
  }
  return error / variance;
}

}  // namespace

TEST_CASE("the ensemble learns a known linear system to low error, every member") {
  for (bool probabilistic : {false, true}) {
    CAPTURE(probabilistic);
    linear_system system;
    dynamics_ensemble ensemble(obs_dim, act_dim, small_config(probabilistic), 1);
    std::vector<float> obs, act, next;
    system.sample(2000, obs, act, next);
    ensemble.add_transitions(obs.data(), act.data(), next.data(), 2000);
    const double untrained = relative_error(ensemble, system, 0);
    for (int epoch = 0; epoch < 40 && !ensemble.all_stopped(); ++epoch) ensemble.train_epoch();
    for (int m = 0; m < 3; ++m) {
      CAPTURE(m);
      CHECK(relative_error(ensemble, system, m) < 0.02);
    }
    CHECK(untrained > 0.2);
  }
}

TEST_CASE("φ loaded into another ensemble predicts identically") {
  linear_system system;
  dynamics_ensemble source(obs_dim, act_dim, small_config(false), 1);
  dynamics_ensemble target(obs_dim, act_dim, small_config(false), 2);
  std::vector<float> obs, act, next;
  system.sample(300, obs, act, next);
  source.add_transitions(obs.data(), act.data(), next.data(), 300);
  source.train_epoch();
  const auto phi = source.parameters();
  target.set_parameters(amb::learners::view_of(phi));
  std::vector<float> a(300 * obs_dim), b(300 * obs_dim);
  source.predict(obs.data(), act.data(), 300, 2, a.data());
  target.predict(obs.data(), act.data(), 300, 2, b.data());
  CHECK(a == b);
  auto shorter = phi;
  shorter.values.pop_back();
  CHECK_THROWS_AS(target.set_parameters(amb::learners::view_of(shorter)), std::invalid_argument);
  // φ names the members' weights and the normalisers: [members, in, out] per layer.
  CHECK(phi.layout.front().name == "weight0");
  CHECK(phi.layout.front().shape ==
        std::vector<uint64_t>{uint64_t(small_config(false).members), obs_dim + act_dim,
                              uint64_t(small_config(false).hidden.front())});
  CHECK(phi.layout.back().name == "change_std");
}

TEST_CASE("on fixed data every member stops by itself; new data makes them train again") {
  linear_system system;
  auto config = small_config(false);
  config.persistency = 0.5;  // a short memory: a rising loss shows quickly
  config.learning_rate = 5e-3f;
  dynamics_ensemble ensemble(obs_dim, act_dim, config, 3);
  std::vector<float> obs, act, next;
  system.sample(200, obs, act, next);  // little data: the members overfit and stop
  ensemble.add_transitions(obs.data(), act.data(), next.data(), 200);
  int epochs = 0;
  while (!ensemble.all_stopped() && epochs < 500) {
    ensemble.train_epoch();
    ++epochs;
  }
  CHECK(ensemble.all_stopped());
  CHECK(epochs > 3);  // it trained first: stopping is a response to the loss, not immediate
  // A stopped member no longer changes.
  const auto frozen = ensemble.parameters().values;
  ensemble.train_epoch();
  CHECK(ensemble.parameters().values == frozen);

  system.sample(100, obs, act, next);
  ensemble.add_transitions(obs.data(), act.data(), next.data(), 100);
  CHECK_FALSE(ensemble.all_stopped());
  ensemble.train_epoch();
  CHECK(ensemble.parameters().values != frozen);
}

TEST_CASE("the dataset keeps the newest transitions up to its capacity") {
  auto config = small_config(false);
  config.capacity = 250;
  dynamics_ensemble ensemble(obs_dim, act_dim, config, 1);
  linear_system system;
  std::vector<float> obs, act, next;
  system.sample(200, obs, act, next);
  ensemble.add_transitions(obs.data(), act.data(), next.data(), 200);
  ensemble.add_transitions(obs.data(), act.data(), next.data(), 200);
  CHECK(ensemble.transitions() == 250);
}
