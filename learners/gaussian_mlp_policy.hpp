#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "config/fields.hpp"
#include "learners/network_size.hpp"
#include "learners/parameter_set.hpp"

namespace amb::learners {

struct policy_config {
  std::vector<int> hidden = {64, 64};  // tanh layers (the asynchronous MB-RL paper: 2 x 64)
  double init_log_std = -0.5;          // state-independent log standard deviation at start
};

template <class Visit>
void visit_fields(policy_config& c, Visit&& v) {
  v("hidden", c.hidden, config::interval::closed(1, 4096));
  v("init_log_std", c.init_log_std, config::interval::closed(-20, 2));
}

inline void check_section(const policy_config& c, const std::string& path) {
  check_network_size(c.hidden, 1, path + ".hidden");
}

/// A Gaussian policy: mean = MLP(obs) with tanh hidden layers, std = exp(log_std) per action.
/// Its parameters θ travel as one flat float vector (weights and biases layer by layer, then
/// log_std) with their names and shapes, the layout the policy server stores.
class gaussian_mlp_policy {
 public:
  /// Weights drawn from a generator seeded with `seed`: the same seed gives the same θ.
  gaussian_mlp_policy(int obs_dim, int act_dim, const policy_config& config, uint64_t seed);
  ~gaussian_mlp_policy();
  gaussian_mlp_policy(gaussian_mlp_policy&&) noexcept;
  gaussian_mlp_policy& operator=(gaussian_mlp_policy&&) noexcept;

  int obs_dim() const;
  int act_dim() const;
  size_t parameter_count() const;

  /// θ: its sections and their values, [parameter_count].
  parameter_set parameters() const;

  /// Loads θ; throws std::invalid_argument naming the section at fault when its layout is not
  /// this policy's.
  void set_parameters(const parameter_view& theta);

  /// The mean action for one observation: obs [obs_dim] in, action [act_dim] out.
  void mean_action(const float* obs, float* action) const;

  /// A sample mean + std * N(0, 1), with the noise drawn from `rng`.
  void sample_action(const float* obs, float* action, std::mt19937_64& rng) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace amb::learners
