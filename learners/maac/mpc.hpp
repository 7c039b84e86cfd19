#pragma once

// MAAC's test-time planner (paper, section 5.4): CEM over action sequences whose first
// population is the policy's own actions in the model, each plan scored by the model's mean
// predictions, the task's rewards and the critics' value at its end.

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include "envs/environment.hpp"
#include "learners/maac/networks.hpp"

namespace amb::learners::maac {

/// The first action [act_dim] of the plan from state obs [obs_dim]; plan p is predicted by
/// member p mod K throughout, so that every member scores some of each population.
torch::Tensor planned_action(networks& nets, const envs::environment& task,
                             const torch::Tensor& obs, const mpc_settings& mpc, double discount,
                             at::Generator& generator);

}  // namespace amb::learners::maac
