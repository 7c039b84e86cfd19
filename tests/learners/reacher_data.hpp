#pragma once

// What the learners' tests feed a learner: real reacher episodes under random actions, the
// context of a reacher run, and a small ensemble trained one epoch on such episodes.

#include <random>
#include <vector>

#include "envs/registry.hpp"
#include "learners/dynamics_ensemble.hpp"
#include "learners/learner.hpp"

namespace amb::tests {

// One episode: [length + 1, obs], [length, act], [length].
struct reacher_episode {
  std::vector<float> observations, actions, rewards;
  uint64_t seq = 0;  // its index among the episodes made together, as a data buffer numbers them
  learners::episode_view view() const {
    return {observations.data(), actions.data(), rewards.data(), rewards.size(), false, seq};
  }
};

inline std::vector<reacher_episode> reacher_episodes(int count) {
  auto env = envs::make_env("reacher");
  const auto& info = env->info();
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<float> uniform(-1, 1);
  std::vector<reacher_episode> episodes(count);
  for (int e = 0; e < count; ++e) {
    auto& ep = episodes[e];
    ep.seq = uint64_t(e);
    ep.observations = env->reset(e);
    for (;;) {
      std::vector<float> action(info.act_dim);
      for (auto& a : action) a = uniform(rng);
      const auto result = env->step(action);
      ep.actions.insert(ep.actions.end(), action.begin(), action.end());
      ep.rewards.push_back(result.reward);
      ep.observations.insert(ep.observations.end(), result.observation.begin(),
                             result.observation.end());
      if (result.terminated || result.truncated) break;
    }
  }
  return episodes;
}

inline learners::learner_context reacher_context() {
  return {"test", "reacher", envs::make_env("reacher")->info(), nlohmann::json::object(), 5};
}

inline learners::ensemble_config small_model() {
  learners::ensemble_config model;
  model.members = 3;
  model.hidden = {16};
  return model;
}

// φ of `model` after one epoch on two episodes.
inline learners::parameter_set trained_model(const learners::ensemble_config& model) {
  const auto info = envs::make_env("reacher")->info();
  learners::dynamics_ensemble ensemble(info.obs_dim, info.act_dim, model, 3);
  for (const auto& e : reacher_episodes(2))
    ensemble.add_transitions(e.observations.data(), e.actions.data(),
                             e.observations.data() + info.obs_dim, e.rewards.size());
  ensemble.train_epoch();
  return ensemble.parameters();
}

}  // namespace amb::tests
