#include "learners/trpo.hpp"

#include <torch/torch.h>

#include "learners/compute_threads.hpp"
#include "learners/gaussian_fisher.hpp"
#include "learners/trust_region.hpp"

namespace amb::learners {

metrics trpo_step(gaussian_mlp_module& policy, const torch::Tensor& obs, const torch::Tensor& act,
                  const torch::Tensor& advantages, const trpo_config& config) {
  torch::Tensor old_mean, old_log_std, old_log_prob;
  {
    torch::NoGradGuard no_grad;
    old_mean = policy->mean(obs);
    old_log_std = policy->log_std.clone();
    old_log_prob = policy->log_prob(obs, act);
  }
  const auto adv = (advantages - advantages.mean()) / (advantages.std() + 1e-8);
  const int64_t samples = obs.size(0);
  constexpr int64_t grain = 2000;  // samples a compute thread takes at least
  const auto pieces = split_range(samples, grain);
  auto share_of = [&](size_t i) {
    return static_cast<double>(pieces[i].second - pieces[i].first) / static_cast<double>(samples);
  };
  // Piece i: the means over its samples, weighted by its share of all samples.
  auto evaluate = [&](size_t i) {
    const auto [begin, end] = pieces[i];
    const double share = share_of(i);
    const auto rows = [&](const torch::Tensor& t) { return t.slice(0, begin, end); };
    const auto mean = policy->mean(rows(obs));
    const auto log_prob = gaussian_log_density(mean, policy->log_std, rows(act));
    const auto surrogate = (torch::exp(log_prob - rows(old_log_prob)) * rows(adv)).mean();
    const auto kl = mean_gaussian_kl(rows(old_mean), old_log_std, mean, policy->log_std);
    return trust_region_piece{surrogate * share, kl * share};
  };
  // The KL's Hessian in closed form, each piece's weighted by its share as its KL is (estimated
  // on every fisher_stride-th of its samples).
  auto fisher_product_of = [&](size_t i) {
    const auto [begin, end] = pieces[i];
    const double share = share_of(i);
    auto product = gaussian_fisher_product(policy->ordered_parameters(),
                                           obs.slice(0, begin, end, config.fisher_stride));
    return [product, share](const torch::Tensor& v) { return product(v).mul_(share); };
  };
  return trust_region_step(
      {policy->ordered_parameters(), pieces.size(), evaluate, fisher_product_of}, config);
}

}  // namespace amb::learners
