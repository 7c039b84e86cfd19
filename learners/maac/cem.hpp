#pragma once

// The cross-entropy method over action sequences (Rubinstein; as in PETS and MAAC's test-time
// MPC): score a population of plans, fit a diagonal Gaussian to the best of them, draw the next
// population from it, and return the Gaussian's mean after the last round.

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <functional>

namespace amb::learners::maac {

struct cem_settings {
  int elites = 10;     // plans the Gaussian is fitted to, of each population
  int iterations = 3;  // populations scored, the first being the initial plans
};

/// Scores [P] of plans [P, T, A], higher is better.
using plan_score = std::function<torch::Tensor(const torch::Tensor& plans)>;

/// The planned sequence [T, A], starting from `initial_plans` [P, T, A] (the population size is
/// P), every drawn plan clamped into [low, high] ([A] each).
torch::Tensor cross_entropy_plan(const plan_score& score, const torch::Tensor& initial_plans,
                                 const torch::Tensor& low, const torch::Tensor& high,
                                 const cem_settings& settings, at::Generator& generator);

}  // namespace amb::learners::maac
