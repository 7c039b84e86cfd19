#pragma once

// MB-MPO's tasks are the ensemble's members (Clavera et al. 2018): each member's imagined world
// is one task, and a task's rollouts go through its member only, so that the meta-policy learns
// to adapt to any of the models the data allows.

#include <torch/types.h>

#include <vector>

#include "learners/advantages.hpp"
#include "learners/imagined_world.hpp"

namespace amb::learners::mb_mpo {

/// The member whose world task t is: t % members, so that the tasks spread evenly.
int member_of_task(int task, int members);

/// Imagined rollouts of every task at once, `rollouts` a task from new start states, each task
/// acting with its own Gaussian MLP policy (thetas[t], in the module's flat order) through its
/// member only. Rows [t rollouts, (t + 1) rollouts) of the batch are task t's paths.
path_batch task_rollouts(imagined_world& world,
                         const std::vector<std::vector<torch::Tensor>>& thetas, int rollouts,
                         int horizon);

/// Task t's paths of a task_rollouts batch.
path_batch task_paths(const path_batch& all, int task, int rollouts);

}  // namespace amb::learners::mb_mpo
