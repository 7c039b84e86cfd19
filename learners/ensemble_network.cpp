#include "learners/ensemble_network.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

#include "learners/compute_threads.hpp"
#include "learners/onednn_gemm.hpp"

namespace amb::learners {

ensemble_networkImpl::ensemble_networkImpl(int obs_dim_, int act_dim_, const ensemble_config& c,
                                           uint64_t seed)
    : obs_dim(obs_dim_), act_dim(act_dim_), config(c) {
  if (c.members < 1) throw std::invalid_argument("an ensemble needs at least one member");
  auto generator = at::detail::createCPUGenerator(seed);
  std::vector<int> sizes = c.hidden;
  sizes.push_back(c.probabilistic ? 2 * obs_dim : obs_dim);
  int in = obs_dim + act_dim;
  for (size_t l = 0; l < sizes.size(); ++l) {
    // He initialisation for ReLU layers, from our own generator (reproducible per seed).
    const double scale = std::sqrt(2.0 / in);
    auto w = register_parameter("weight" + std::to_string(l),
                                torch::randn({c.members, in, sizes[l]}, generator) * scale);
    auto b = register_parameter("bias" + std::to_string(l), torch::zeros({c.members, 1, sizes[l]}));
    weights_.push_back(w);
    biases_.push_back(b);
    in = sizes[l];
  }
  input_mean_ = register_buffer("input_mean", torch::zeros({obs_dim + act_dim}));
  input_std_ = register_buffer("input_std", torch::ones({obs_dim + act_dim}));
  change_mean_ = register_buffer("change_mean", torch::zeros({obs_dim}));
  change_std_ = register_buffer("change_std", torch::ones({obs_dim}));
  for (size_t l = 0; l < weights_.size(); ++l) {
    sections_.add("weight" + std::to_string(l), weights_[l]);
    sections_.add("bias" + std::to_string(l), biases_[l]);
  }
  member_tensors_ = sections_.tensors;
  sections_.add("input_mean", input_mean_);
  sections_.add("input_std", input_std_);
  sections_.add("change_mean", change_mean_);
  sections_.add("change_std", change_std_);
}

member_groups group_by_member(const torch::Tensor& members, int member_count) {
  const auto chosen = members.to(torch::kInt64).contiguous();
  const auto* member = chosen.data_ptr<int64_t>();
  const int64_t rows = chosen.numel();
  member_groups groups{torch::empty({rows}, torch::kInt64), std::vector<int64_t>(member_count)};
  for (int64_t r = 0; r < rows; ++r) {
    if (member[r] < 0 || member[r] >= member_count)
      throw std::invalid_argument("no ensemble member " + std::to_string(member[r]) + " of " +
                                  std::to_string(member_count));
    ++groups.counts[member[r]];
  }
  // A counting sort: each member's rows in batch order after the rows of the members before it.
  std::vector<int64_t> next(member_count);
  for (int k = 1; k < member_count; ++k) next[k] = next[k - 1] + groups.counts[k - 1];
  auto* order = groups.order.data_ptr<int64_t>();
  for (int64_t r = 0; r < rows; ++r) order[next[member[r]]++] = r;
  return groups;
}

std::vector<size_t> member_cuts(const std::vector<int64_t>& counts, size_t pieces) {
  int64_t rows = 0;
  for (const auto c : counts) rows += c;
  std::vector<size_t> cuts{0};
  int64_t taken = 0, taken_at_cut = 0;
  for (size_t k = 0; k + 1 < counts.size() && cuts.size() < pieces; ++k) {
    taken += counts[k];
    // Cut after member k when that comes closer to the next piece's share than one more
    // member would, and the piece has rows.
    const int64_t share = rows * static_cast<int64_t>(cuts.size()) / static_cast<int64_t>(pieces);
    if (taken > taken_at_cut &&
        std::abs(taken - share) <= std::abs(taken + counts[k + 1] - share)) {
      cuts.push_back(k + 1);
      taken_at_cut = taken;
    }
  }
  cuts.push_back(counts.size());
  return cuts;
}

torch::Tensor ensemble_networkImpl::forward(const torch::Tensor& x) {
  auto h = x;
  for (size_t l = 0; l < weights_.size(); ++l) {
    h = member_linear(h, weights_[l], biases_[l]);  // [K, B, out] = b + h W, all members at once
    if (l + 1 < weights_.size()) h = torch::relu(h);
  }
  return bounded(h);
}

torch::Tensor ensemble_networkImpl::bounded(const torch::Tensor& out) const {
  if (!config.probabilistic) return out;
  const int64_t last = out.dim() - 1;
  auto mean = out.narrow(last, 0, obs_dim);
  auto log_var = out.narrow(last, obs_dim, obs_dim);
  // Soft bounds keep the variance from collapsing or exploding while staying differentiable.
  log_var = config.max_log_var - torch::softplus(config.max_log_var - log_var);
  log_var = config.min_log_var + torch::softplus(log_var - config.min_log_var);
  return torch::cat({mean, log_var}, last);
}

torch::Tensor ensemble_networkImpl::normalise_input(const torch::Tensor& obs,
                                                    const torch::Tensor& act) const {
  return (torch::cat({obs, act}, 1) - input_mean_) / input_std_;
}

torch::Tensor ensemble_networkImpl::normalise_target(const torch::Tensor& obs,
                                                     const torch::Tensor& next_obs) const {
  return (next_obs - obs - change_mean_) / change_std_;
}

torch::Tensor ensemble_networkImpl::member_layer(size_t l, const torch::Tensor& h,
                                                 const std::vector<int64_t>& counts) {
  std::vector<torch::Tensor> parts;
  int64_t start = 0;
  for (size_t k = 0; k < counts.size(); start += counts[k], ++k)
    if (counts[k] > 0)
      parts.push_back(torch::addmm(biases_[l][k], h.narrow(0, start, counts[k]), weights_[l][k]));
  const auto z = torch::cat(parts);
  return l + 1 < weights_.size() ? torch::relu(z) : z;
}

void ensemble_networkImpl::member_layers_into(const member_groups& groups, size_t first,
                                              size_t last) {
  auto& b = buffers_;
  int64_t start = 0;
  for (size_t k = 0; k < first; ++k) start += groups.counts[k];
  int64_t end = start;
  for (size_t k = first; k < last; ++k) end += groups.counts[k];
  for (size_t l = 0; l < weights_.size(); ++l) {
    const auto& h = l == 0 ? b.grouped_input : b.layers[l - 1];
    int64_t row = start;
    for (size_t k = first; k < last; row += groups.counts[k], ++k) {
      if (groups.counts[k] == 0) continue;
      auto into = b.layers[l].narrow(0, row, groups.counts[k]);
      linear_into(into, biases_[l][k], h.narrow(0, row, groups.counts[k]), weights_[l][k]);
    }
    if (l + 1 < weights_.size()) b.layers[l].narrow(0, start, end - start).relu_();
  }
}

torch::Tensor ensemble_networkImpl::next_states(const torch::Tensor& obs,
                                                const torch::Tensor& normalised_change) {
  const auto clipped = normalised_change.clamp(-config.prediction_clip, config.prediction_clip);
  return obs + clipped * change_std_ + change_mean_;
}

torch::Tensor ensemble_networkImpl::predict(const torch::Tensor& obs, const torch::Tensor& act,
                                            const torch::Tensor& members) {
  auto next = torch::empty({obs.size(0), obs_dim});
  predict_into(obs, act, members, next);
  return next;
}

void ensemble_networkImpl::predict_into(const torch::Tensor& obs, const torch::Tensor& act,
                                        const torch::Tensor& members, torch::Tensor next_obs) {
  torch::NoGradGuard no_grad;
  const auto groups = group_by_member(members, config.members);
  const int64_t rows = obs.size(0);
  auto& b = buffers_;
  auto sized = [rows](torch::Tensor& buffer, int64_t width) -> torch::Tensor& {
    if (!buffer.defined()) buffer = torch::empty({rows, width});
    buffer.resize_({rows, width});  // keeps its memory when the rows stay the same
    return buffer;
  };
  auto& input = sized(b.input, obs_dim + act_dim);
  input.narrow(1, 0, obs_dim).copy_(obs);
  input.narrow(1, obs_dim, act_dim).copy_(act);
  input.sub_(input_mean_).div_(input_std_);
  torch::index_select_out(sized(b.grouped_input, obs_dim + act_dim), input, 0, groups.order);
  b.layers.resize(weights_.size());
  for (size_t l = 0; l < weights_.size(); ++l) sized(b.layers[l], weights_[l].size(2));
  // Each compute thread takes whole members, as many rows as it can get close to its share:
  // a member's GEMMs keep all its rows, which a small batch needs to run near the BLAS rate.
  const auto cuts = member_cuts(groups.counts, static_cast<size_t>(compute_threads()));
  run_pieces(cuts.size() - 1, [&](size_t i) { member_layers_into(groups, cuts[i], cuts[i + 1]); });
  // As next_states computes it, in place: (obs + clip(change) std) + mean.
  auto& next = sized(b.grouped_next, obs_dim);
  torch::clamp_out(next, b.layers.back().narrow(1, 0, obs_dim), -config.prediction_clip,
                   config.prediction_clip);
  next.mul_(change_std_)
      .add_(torch::index_select_out(sized(b.grouped_obs, obs_dim), obs, 0, groups.order));
  next.add_(change_mean_);
  next_obs.index_copy_(0, groups.order, next);
}

torch::Tensor ensemble_networkImpl::sample(const torch::Tensor& obs, const torch::Tensor& act,
                                           const torch::Tensor& members,
                                           const torch::Tensor& noise) {
  const auto groups = group_by_member(members, config.members);
  auto h = normalise_input(obs, act).index_select(0, groups.order);
  for (size_t l = 0; l < weights_.size(); ++l) h = member_layer(l, h, groups.counts);
  // Back to the batch's order: grouped row i is batch row order[i].
  const auto out = torch::empty_like(h).index_copy(0, groups.order, bounded(h));
  const auto mean = out.narrow(1, 0, obs_dim);
  if (!config.probabilistic) return next_states(obs, mean);
  const auto std = torch::exp(0.5 * out.narrow(1, obs_dim, obs_dim));
  return next_states(obs, mean + std * noise);
}

void ensemble_networkImpl::fit_normalisers(const torch::Tensor& inputs,
                                           const torch::Tensor& changes) {
  torch::NoGradGuard no_grad;
  if (inputs.size(0) < 2) return;  // no spread to measure yet
  // A floor on the spread: a constant input (a joint at its limit) must not divide by zero.
  input_mean_.copy_(inputs.mean(0));
  input_std_.copy_(inputs.std(0).clamp_min(1e-6));
  change_mean_.copy_(changes.mean(0));
  change_std_.copy_(changes.std(0).clamp_min(1e-6));
}

}  // namespace amb::learners
