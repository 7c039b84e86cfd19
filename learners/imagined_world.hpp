#pragma once

// What a policy learner that imagines holds (ME-TRPO's, MB-MPO's): the newest model φ, the real
// states its rollouts start from, the task's batched reward function and its own random stream.

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <memory>

#include "envs/environment.hpp"
#include "learners/ensemble_network.hpp"
#include "learners/imagination.hpp"
#include "learners/learner.hpp"
#include "learners/learner_state.hpp"
#include "learners/row_ring.hpp"

namespace amb::learners {

class imagined_world {
 public:
  /// The model as `model` lays it out; the stream seeded from the run's seed.
  imagined_world(const learner_context& context, const ensemble_config& model);

  /// Loads φ; throws std::invalid_argument naming the section at fault.
  void load_model(const parameter_view& phi);
  /// The episode's real states become start states (the newest 100,000 are kept).
  void add_episode(const episode_view& episode);
  /// A model and a start state have arrived.
  bool ready() const { return has_model_ && start_states_.size() > 0; }

  /// n start states drawn at random from those kept, [n, obs_dim].
  torch::Tensor draw_start_states(int64_t n);
  /// imagine() (learners/imagination.hpp) in this world, with its stream.
  path_batch imagine(const imagined_actor& act, int act_dim, const torch::Tensor& start_states,
                     int horizon, member_selection& members);
  path_batch imagine(gaussian_mlp_module& policy, const torch::Tensor& start_states, int horizon,
                     member_selection& members);

  ensemble_network& model() { return model_; }
  at::Generator& generator() { return generator_; }

  /// Its stream, for the learner's state (the rest comes back from the servers).
  void save(state_writer& out) const { out.add(generator_); }
  void load(state_reader& in) { in.read_into(generator_); }

 private:
  std::unique_ptr<envs::environment> task_;  // for its reward function only
  ensemble_network model_;
  at::Generator generator_;
  row_ring start_states_;  // [M, obs_dim]
  bool has_model_ = false;
};

}  // namespace amb::learners
