#pragma once

// The world MAAC's learner differentiates through: the learnt model sampled by
// reparameterisation (each row's member drawn anew at every step, so that a path averages over
// the ensemble's epistemic spread as the paper's f_φ does), the task's own reward and terminal
// functions, the policy sampled by reparameterisation and one of the critics' values.

#include <ATen/core/Generator.h>

#include "envs/environment.hpp"
#include "learners/maac/networks.hpp"
#include "learners/maac/pathwise_objective.hpp"

namespace amb::learners::maac {

enum class critic_values {
  online,  // min(Q1, Q2): the actor's objective
  target,  // min of the target networks: the critics' regression targets
};

/// The world over `nets` and `task`, its noise from `generator`; all three outlive it.
pathwise_world model_world(networks& nets, const envs::environment& task, at::Generator& generator,
                           critic_values values);

}  // namespace amb::learners::maac
