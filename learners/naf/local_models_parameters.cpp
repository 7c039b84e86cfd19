#include "learners/naf/local_models_parameters.hpp"

#include <torch/torch.h>

#include <cmath>

#include "learners/flat_parameters.hpp"

namespace amb::learners::naf {

local_models_parameters::local_models_parameters(const envs::env_info& info, double initial_noise)
    : dynamics_(linear_gaussian_dynamics::zeros(info.horizon, info.obs_dim, info.act_dim)),
      episodes_(torch::zeros({1})),
      controller_(info, initial_noise) {}

named_tensors local_models_parameters::sections() const {
  auto named = dynamics_.sections();
  named.add("episodes", episodes_);
  named.append(controller_.sections());
  return named;
}

void local_models_parameters::load(const parameter_view& view) {
  load_parameter_view(sections(), view, "local models φ");
}

double local_models_parameters::episodes() const {
  return episodes_.item<double>();
}

void local_models_parameters::add_episodes(double count) {
  episodes_ += count;
}

void local_models_parameters::assign(const linear_gaussian_dynamics& fitted) {
  dynamics_.gain.copy_(fitted.gain);
  dynamics_.offset.copy_(fitted.offset);
  dynamics_.noise_factor.copy_(fitted.noise_factor);
  dynamics_.state_mean.copy_(fitted.state_mean);
  dynamics_.state_factor.copy_(fitted.state_factor);
}

parameter_set local_models_parameters::parameters() const {
  return parameter_set_of(sections());
}

double local_models_parameters::prediction_error(
    const std::vector<recorded_episode>& episodes) const {
  torch::NoGradGuard no_grad;
  double squared = 0, count = 0;
  for (const auto& e : episodes) {
    const auto length = std::min<int64_t>(e.act.size(0), horizon());
    if (length == 0) continue;
    const auto predicted =
        dynamics_.mean_next(e.obs.narrow(0, 0, length), e.act.narrow(0, 0, length),
                            torch::arange(length, torch::kInt64));
    squared += (predicted - e.obs.narrow(0, 1, length)).pow(2).sum().item<double>();
    count += double(predicted.numel());
  }
  return count > 0 ? squared / count : 0;
}

double local_models_parameters::noise_std() const {
  // Σ_t tr(L_t L_tᵀ) is the sum of every squared entry of the factors.
  const double dims = double(dynamics_.offset.numel());
  return std::sqrt(dynamics_.noise_factor.pow(2).sum().item<double>() / dims);
}

}  // namespace amb::learners::naf
