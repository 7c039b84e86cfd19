#include "learners/maac/cem.hpp"

#include <torch/torch.h>

#include <stdexcept>

namespace amb::learners::maac {

torch::Tensor cross_entropy_plan(const plan_score& score, const torch::Tensor& initial_plans,
                                 const torch::Tensor& low, const torch::Tensor& high,
                                 const cem_settings& settings, at::Generator& generator) {
  const auto population = initial_plans.size(0);
  if (settings.elites < 1 || settings.elites >= population || settings.iterations < 1)
    throw std::invalid_argument("CEM: " + std::to_string(settings.elites) + " elites of " +
                                std::to_string(population) + " plans, " +
                                std::to_string(settings.iterations) + " iterations");
  torch::NoGradGuard no_grad;
  auto plans = initial_plans;
  torch::Tensor mean;
  for (int i = 0; i < settings.iterations; ++i) {
    const auto best = std::get<1>(score(plans).topk(settings.elites));
    const auto elites = plans.index_select(0, best);
    mean = elites.mean(0);
    if (i + 1 == settings.iterations) break;
    const auto std = elites.std(0, /*unbiased=*/false);
    const auto noise = torch::randn(plans.sizes(), generator, plans.options());
    plans = torch::max(torch::min(mean + std * noise, high), low);
  }
  return mean;
}

}  // namespace amb::learners::maac
