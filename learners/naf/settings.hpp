#pragma once

// NAF's configuration sections, each key declared once (config/fields.hpp). Built-in values
// from the paper (Gu et al. 2016): 2 x 200 ReLU networks, I = 5 Q updates per environment step,
// local linear models refitted every n = 5 episodes, imagination rollouts of l = 10 steps.

#include <string>
#include <vector>

#include "config/fields.hpp"
#include "learners/network_size.hpp"

namespace amb::learners::naf {

/// The normalised advantage Q network: V(x), μ(x) and L(x), each from its own ReLU layers.
struct networks_config {
  std::vector<int> hidden = {200, 200};
};

template <class Visit>
void visit_fields(networks_config& c, Visit&& v) {
  v("hidden", c.hidden, config::interval::closed(1, 4096));
}

inline void check_section(const networks_config& c, const std::string& path) {
  check_network_size(c.hidden, 3, path + ".hidden");
}

/// The model learner: time-varying linear-Gaussian dynamics p_t(x' | x, u), one per step t.
struct local_models_config {
  int episodes = 5;  // n: fit on the latest n episodes, first once n have arrived
  // Then refit each time this many new ones have arrived (0: n). Fewer than n slide the window,
  // so that the models lag the policy imagination rolls out by fewer episodes.
  int refit_every = 0;
  // Each step's prior weighs as this many samples: a few episodes then suffice to fit
  // dimensions above their number.
  double prior_samples = 1.0;
  // "pooled": the prior is the Gaussian of every step of those n episodes. "mixture": a mixture
  // of Gaussians over every step of the latest `mixture_episodes`, refitted with the models and
  // reweighted to each step's samples (guided policy search's prior, whose defaults follow).
  std::string prior = "pooled";
  int mixture_episodes = 20;
  int mixture_clusters = 50;  // at most
  int mixture_cluster_rows =
      20;                        // at least this many rows per cluster, so fewer when data is short
  double regularisation = 1e-6;  // added to the diagonal of each [x; u] covariance
  // Trajectory modes (learners/naf/trajectory_modes.hpp): the latest n · modes episodes are
  // grouped into at most this many by their states, and each group's latest n get models of
  // their own; an imagination rollout runs on the mode its start is nearest to. For initial
  // states or targets spread wide, where one set of models averages tubes of trajectories that
  // have nothing in common (the paper, section 5.3). 1: one set, the paper's method.
  int modes = 1;
};

template <class Visit>
void visit_fields(local_models_config& c, Visit&& v) {
  using config::interval;
  v("episodes", c.episodes, interval::closed(1, 1000));
  v("refit_every", c.refit_every, interval::closed(0, 1000));
  v("prior_samples", c.prior_samples, interval::closed(0, 1e6));
  v("prior", c.prior, config::one_of{"local model prior", {"pooled", "mixture"}});
  v("mixture_episodes", c.mixture_episodes, interval::closed(1, 10000));
  v("mixture_clusters", c.mixture_clusters, interval::closed(1, 1000));
  v("mixture_cluster_rows", c.mixture_cluster_rows, interval::closed(1, 1e6));
  v("regularisation", c.regularisation, interval::above(0, 1));
  v("modes", c.modes, interval::closed(1, 64));
}

/// The policy learner: Q updates on real transitions and on imagined ones.
struct update_settings {
  double discount = 0.99;       // γ
  double tau = 1e-3;            // how far the target network follows at each update
  double learning_rate = 1e-3;  // Adam's
  int batch_size = 64;          // transitions per Q update
  // Each update's gradient is scaled down to at most this norm (0: never). L's exponentiated
  // diagonal can make P, and the loss with it, huge at states unlike the data (imagined ones):
  // one such batch put Inf into Adam's moments. Without it, after the row-buffer fix, Q held on
  // the three-joint reacher and plain NAF learned slower (six seeds; README, NAF).
  double max_gradient_norm = 10;
  // A second Q network, fitted to the same targets, whose target V bounds the first's in them
  // (clipped double Q, learners/naf/q_learning.hpp). Q updates cost twice as much; the collectors
  // act with the first network's μ.
  bool twin_q = false;
  // V' in the targets is clipped into the range that discounted sums of the real rewards seen
  // so far can take (q_targets): V cannot be fed its own overestimates beyond what any return
  // could be.
  bool bound_targets = false;
  int updates_per_env_step = 5;    // I: Q updates on R per real step received
  int updates_per_step = 50;       // Q updates between two pushes of θ
  double exploration_noise = 0.3;  // collectors' Gaussian noise, in half action ranges
  bool imagination = true;         // imagination rollouts through the local models
  int imagined_length = 10;        // l: model steps of each imagination rollout
  // Q updates on imagined transitions per update on real ones. The paper makes l of them (I·l
  // per env step); here that many made Q diverge on the single-target reacher (positive Q
  // targets of rewards that are all negative, 3 seeds of 3) and end lower on pr2_reach, where
  // one did neither (README, NAF).
  int imagined_updates_per_real = 1;
  // A rollout ends where a state's RMS whitened deviation from the states the local models were
  // fitted to exceeds this (0: never). Without it imagination reached plain NAF's best sooner on
  // the single-target reacher (3 seeds of 3; its configs set 0) but fell far behind on one seed
  // of pr2_reach and ended lower on another (README, NAF).
  double max_deviation = 2.0;
  // Imagined states are kept within the range of the observed ones (rollout_options::low and
  // high). Added while Q diverged on the reacher, before the row-buffer fix; without it since, Q
  // held and imagination was no faster on the three-joint reacher (six seeds; README, NAF).
  bool bound_imagined_states = true;
  // The local models' noise in imagined next states, as a share of its fitted standard
  // deviation (rollout_options::model_noise; 0: the mean prediction).
  double model_noise = 1.0;
  // No imagination once the models were fitted on this many episodes: left on, Q diverged on
  // the single-target reacher (positive Q targets of rewards that are all negative, 3 seeds of
  // 3; README, NAF), as the paper saw Q-learning diverge on its gripper, where it switches off
  // after 130.
  int imagination_episodes = 50;
  int replay_capacity = 1000000;   // real transitions kept (R)
  int imagined_capacity = 100000;  // imagined transitions kept (R_f)
};

template <class Visit>
void visit_fields(update_settings& c, Visit&& v) {
  using config::interval;
  v("discount", c.discount, interval{0, 1, false, true});
  v("tau", c.tau, interval{0, 1, true, false});
  v("learning_rate", c.learning_rate, interval::above(0, 1));
  v("batch_size", c.batch_size, interval::closed(1, 65536));
  v("max_gradient_norm", c.max_gradient_norm, interval::closed(0, 1e9));
  v("twin_q", c.twin_q);
  v("bound_targets", c.bound_targets);
  v("updates_per_env_step", c.updates_per_env_step, interval::closed(1, 10000));
  v("updates_per_step", c.updates_per_step, interval::closed(1, 100000));
  v("exploration_noise", c.exploration_noise, interval::closed(0, 10));
  v("imagination", c.imagination);
  v("imagined_length", c.imagined_length, interval::closed(1, 1000));
  v("imagined_updates_per_real", c.imagined_updates_per_real, interval::closed(0, 1000));
  v("max_deviation", c.max_deviation, interval::closed(0, 1e6));
  v("bound_imagined_states", c.bound_imagined_states);
  v("model_noise", c.model_noise, interval::closed(0, 10));
  v("imagination_episodes", c.imagination_episodes, interval::closed(0, 1e9));
  v("replay_capacity", c.replay_capacity, interval::closed(1, 1e8));
  v("imagined_capacity", c.imagined_capacity, interval::closed(1, 1e8));
}

/// Optional iLQG exploration (Algorithm 2): after each fit the model learner takes one
/// KL-constrained iLQG step from the previous controller on the new models, and that share of
/// the collected episodes is acted by the controller instead of μ plus noise.
struct ilqg_config {
  double episode_fraction = 0;  // 1 − p: episodes acted by the controller (0: no iLQG at all)
  // The step's bound on KL(new ‖ previous), per step of the horizon (as in Levine & Abbeel's
  // guided policy search code, whose trajectory optimiser bounds the sum by this times T).
  double kl_per_step = 0.2;
  // The controller before the first step: the mid action with Gaussian noise of this many half
  // action ranges, no feedback.
  double initial_noise = 0.3;
};

template <class Visit>
void visit_fields(ilqg_config& c, Visit&& v) {
  using config::interval;
  v("episode_fraction", c.episode_fraction, interval::closed(0, 1));
  v("kl_per_step", c.kl_per_step, interval::above(0, 1e6));
  v("initial_noise", c.initial_noise, interval::above(0, 10));
}

struct naf_settings {
  networks_config networks;
  local_models_config local_models;
  update_settings policy_learner;
  ilqg_config ilqg;
};

template <class Visit>
void visit_fields(naf_settings& c, Visit&& v) {
  v("networks", c.networks);
  v("local_models", c.local_models);
  v("policy_learner", c.policy_learner);
  v("ilqg", c.ilqg);
}

/// Across sections: the iLQG controller acts from the task's initial states on one set of
/// models, which several modes do not give it.
inline void check_section(const naf_settings& c, const std::string&) {
  if (c.ilqg.episode_fraction == 0 || c.local_models.modes == 1) return;
  throw config::config_error(
      "ilqg.episode_fraction: iLQG exploration plans on one set of local "
      "models; with local_models.modes " +
      std::to_string(c.local_models.modes) + " set it to 0");
}

}  // namespace amb::learners::naf
