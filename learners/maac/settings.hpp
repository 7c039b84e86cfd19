#pragma once

// MAAC's configuration sections, each key declared once (config/fields.hpp). Built-in values
// from the paper (Clavera et al. 2020) and its authors' public run scripts: a short model
// horizon, Adam 3e-4, batches of 256, a probabilistic ensemble of 8 members of 4 x 200.

#include <string>
#include <vector>

#include "config/fields.hpp"
#include "learners/ensemble_config.hpp"
#include "learners/network_size.hpp"

namespace amb::learners::maac {

/// The networks θ holds besides the model: the squashed Gaussian policy and the twin critics.
struct networks_config {
  std::vector<int> policy_hidden = {256, 256};  // ReLU layers (SAC's)
  std::vector<int> critic_hidden = {256, 256};  // ReLU layers of each Q function
};

template <class Visit>
void visit_fields(networks_config& c, Visit&& v) {
  v("policy_hidden", c.policy_hidden, config::interval::closed(1, 4096));
  v("critic_hidden", c.critic_hidden, config::interval::closed(1, 4096));
}

inline void check_section(const networks_config& c, const std::string& path) {
  check_network_size(c.policy_hidden, 1, path + ".policy_hidden");
  check_network_size(c.critic_hidden, 2, path + ".critic_hidden");
}

inline ensemble_config probabilistic_ensemble() {
  ensemble_config c;
  c.members = 8;
  c.hidden = {200, 200, 200, 200};
  c.probabilistic = true;
  c.learning_rate = 1e-3;
  c.capacity = 100000;
  return c;
}

/// The policy learner: actor, critic and temperature updates.
struct update_settings {
  int horizon = 3;              // H: model steps of the actor objective and the critic targets
  double discount = 0.99;       // γ
  double tau = 5e-3;            // how far the target critics follow at each update
  double learning_rate = 3e-4;  // Adam's, for actor, critics and temperature
  int batch_size = 256;         // start states (and critic transitions) per update
  int action_samples = 4;       // paths per start state in the actor objective
  double real_fraction = 0.1;   // share of real transitions in a critic batch; the rest imagined
  int imagined_length = 3;      // model steps the imagined critic transitions are taken from
  double initial_temperature = 1.0;  // α at start; learnt towards an entropy of -|A|
  int updates_per_step = 20;         // updates between two pushes of θ
};

template <class Visit>
void visit_fields(update_settings& c, Visit&& v) {
  using config::interval;
  v("horizon", c.horizon, interval::closed(0, 100));
  v("discount", c.discount, interval{0, 1, false, true});
  v("tau", c.tau, interval{0, 1, true, false});
  v("learning_rate", c.learning_rate, interval::above(0, 1));
  v("batch_size", c.batch_size, interval::closed(2, 65536));
  v("action_samples", c.action_samples, interval::closed(1, 1000));
  v("real_fraction", c.real_fraction, interval::closed(0, 1));
  v("imagined_length", c.imagined_length, interval::closed(1, 100));
  v("initial_temperature", c.initial_temperature, interval::above(0, 1e6));
  v("updates_per_step", c.updates_per_step, interval::closed(1, 100000));
}

/// Model-predictive control with the learnt policy, model and critic (paper, section 5.4).
struct mpc_settings {
  bool collect = false;  // the collectors act with MPC instead of sampling the policy
  int horizon = 3;       // planned steps, then the terminal Q
  int population = 100;  // action sequences per CEM iteration
  int elites = 10;       // the best of them, which the next iteration's Gaussian is fitted to
  int iterations = 3;    // the first from the policy's own actions in the model
};

template <class Visit>
void visit_fields(mpc_settings& c, Visit&& v) {
  using config::interval;
  v("collect", c.collect);
  v("horizon", c.horizon, interval::closed(1, 100));
  v("population", c.population, interval::closed(2, 100000));
  v("elites", c.elites, interval::closed(1, 100000));
  v("iterations", c.iterations, interval::closed(1, 100));
}

inline void check_section(const mpc_settings& c, const std::string& path) {
  if (c.elites < c.population) return;
  throw config::config_error(path + ".elites: " + std::to_string(c.elites) +
                             " must be fewer than the population (" + std::to_string(c.population) +
                             ")");
}

struct maac_settings {
  networks_config networks;
  ensemble_config model = probabilistic_ensemble();
  update_settings policy_learner;
  mpc_settings mpc;
};

template <class Visit>
void visit_fields(maac_settings& c, Visit&& v) {
  v("networks", c.networks);
  v("model", c.model);
  v("policy_learner", c.policy_learner);
  v("mpc", c.mpc);
}

}  // namespace amb::learners::maac
