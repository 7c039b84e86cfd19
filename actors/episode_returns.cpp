#include "actors/episode_returns.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace amb::actors {

std::vector<double> episode_returns(envs::environment& env, learners::acting_policy& policy,
                                    int episodes, uint64_t seed) {
  std::vector<double> returns;
  std::vector<float> action(env.info().act_dim);
  std::mt19937_64 rng(seed);
  for (int e = 0; e < episodes; ++e) {
    double total = 0;
    auto obs = env.reset(seed + e);
    for (int t = 0;; ++t) {
      policy.act(obs.data(), t, rng, action.data());
      auto result = env.step(action);
      total += result.reward;
      if (result.terminated || result.truncated) break;
      obs = std::move(result.observation);
    }
    returns.push_back(total);
  }
  return returns;
}

return_spread spread_of(const std::vector<double>& returns) {
  return_spread s;
  if (returns.empty()) return s;
  s.episodes = static_cast<int>(returns.size());
  s.mean = std::accumulate(returns.begin(), returns.end(), 0.0) / s.episodes;
  double squares = 0;
  for (const double r : returns) squares += (r - s.mean) * (r - s.mean);
  s.std = std::sqrt(squares / s.episodes);
  const auto [low, high] = std::minmax_element(returns.begin(), returns.end());
  s.min = *low;
  s.max = *high;
  return s;
}

}  // namespace amb::actors
