#include "learners/naf/local_models_parameters.hpp"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "learners/flat_parameters.hpp"

namespace amb::learners::naf {

local_models_parameters::local_models_parameters(const envs::env_info& info, double initial_noise,
                                                 int modes)
    : episodes_(torch::zeros({1})), controller_(info, initial_noise) {
  if (modes < 1)
    throw std::invalid_argument("local models φ: " + std::to_string(modes) + " modes; at least 1");
  for (int m = 0; m < modes; ++m)
    modes_.push_back(linear_gaussian_dynamics::zeros(info.horizon, info.obs_dim, info.act_dim));
}

named_tensors local_models_parameters::sections() const {
  auto named = modes_.front().sections();
  for (size_t m = 1; m < modes_.size(); ++m)
    named.append(modes_[m].sections(), "mode" + std::to_string(m) + ".");
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

void local_models_parameters::assign(const std::vector<linear_gaussian_dynamics>& fitted) {
  if (fitted.empty() || fitted.size() > modes_.size())
    throw std::invalid_argument("local models φ: " + std::to_string(fitted.size()) +
                                " fitted modes for " + std::to_string(modes_.size()));
  for (size_t m = 0; m < modes_.size(); ++m) {
    const auto& from = fitted[m < fitted.size() ? m : 0];
    auto& to = modes_[m];
    to.gain.copy_(from.gain);
    to.offset.copy_(from.offset);
    to.noise_factor.copy_(from.noise_factor);
    to.state_mean.copy_(from.state_mean);
    to.state_factor.copy_(from.state_factor);
  }
}

torch::Tensor local_models_parameters::nearest_mode(const torch::Tensor& obs,
                                                    const torch::Tensor& t) const {
  if (modes_.size() == 1) return torch::zeros({obs.size(0)}, torch::kInt64);
  return deviations(obs, t).argmin(1);
}

torch::Tensor local_models_parameters::deviations(const torch::Tensor& obs,
                                                  const torch::Tensor& t) const {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> each;
  for (const auto& mode : modes_) each.push_back(mode.deviation(obs, t));
  return torch::stack(each, 1);
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
    const auto obs = e.obs.narrow(0, 0, length);
    const auto steps = torch::arange(length, torch::kInt64);
    const auto predicted =
        dynamics(episode_mode(obs, steps)).mean_next(obs, e.act.narrow(0, 0, length), steps);
    squared += (predicted - e.obs.narrow(0, 1, length)).pow(2).sum().item<double>();
    count += double(predicted.numel());
  }
  return count > 0 ? squared / count : 0;
}

double local_models_parameters::noise_std() const {
  // Σ_t tr(L_t L_tᵀ) is the sum of every squared entry of the factors.
  double squared = 0, dims = 0;
  for (const auto& mode : modes_) {
    squared += mode.noise_factor.pow(2).sum().item<double>();
    dims += double(mode.offset.numel());
  }
  return std::sqrt(squared / dims);
}

int local_models_parameters::episode_mode(const torch::Tensor& obs,
                                          const torch::Tensor& steps) const {
  if (modes_.size() == 1) return 0;
  return static_cast<int>(deviations(obs, steps).mean(0).argmin().item<int64_t>());
}

}  // namespace amb::learners::naf
