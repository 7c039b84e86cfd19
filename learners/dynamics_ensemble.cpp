#include "learners/dynamics_ensemble.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "learners/compute_threads.hpp"
#include "learners/early_stopping.hpp"
#include "learners/ensemble_network.hpp"
#include "learners/gaussian_mlp_module.hpp"
#include "learners/learner_state.hpp"
#include "learners/piecewise_gradients.hpp"
#include "learners/row_ring.hpp"

namespace amb::learners {

struct dynamics_ensemble::impl {
  ensemble_network network;
  torch::optim::Adam optimizer;
  at::Generator generator;
  std::vector<ema_early_stopping> stopping;
  // The dataset: transitions [N, obs_dim + act_dim + obs_dim] (obs, act, next_obs, raw), and
  // which of them each member holds out for validation, [N, K].
  row_ring transitions;
  row_ring held_out;

  torch::Tensor obs() const { return transitions.rows().narrow(1, 0, network->obs_dim); }
  torch::Tensor act() const {
    return transitions.rows().narrow(1, network->obs_dim, network->act_dim);
  }
  torch::Tensor next_obs() const {
    return transitions.rows().narrow(1, network->obs_dim + network->act_dim, network->obs_dim);
  }
};

dynamics_ensemble::dynamics_ensemble(int obs_dim, int act_dim, const ensemble_config& config,
                                     uint64_t seed) {
  ensemble_network network(obs_dim, act_dim, config, seed);
  impl_ = std::make_unique<impl>(impl{
      network,
      torch::optim::Adam(network->parameters(), torch::optim::AdamOptions(config.learning_rate)),
      at::detail::createCPUGenerator(seed + 1),
      std::vector<ema_early_stopping>(config.members, ema_early_stopping(config.persistency)),
      row_ring(2 * obs_dim + act_dim, static_cast<int64_t>(config.capacity)),
      row_ring(config.members, static_cast<int64_t>(config.capacity), torch::kBool)});
}

dynamics_ensemble::~dynamics_ensemble() = default;

void dynamics_ensemble::add_transitions(const float* obs, const float* act, const float* next_obs,
                                        size_t n) {
  auto& s = *impl_;
  const auto& net = s.network;
  const int64_t rows = static_cast<int64_t>(n);
  auto as_tensor = [rows](const float* p, int64_t cols) {
    return torch::from_blob(const_cast<float*>(p), {rows, cols});
  };
  s.transitions.append(torch::cat({as_tensor(obs, net->obs_dim), as_tensor(act, net->act_dim),
                                   as_tensor(next_obs, net->obs_dim)},
                                  1));
  s.held_out.append(torch::rand({rows, net->config.members}, s.generator) <
                    net->config.validation_fraction);
  s.network->fit_normalisers(s.transitions.rows().narrow(1, 0, net->obs_dim + net->act_dim),
                             s.next_obs() - s.obs());
  for (auto& rule : s.stopping) rule.reset();  // new data: training resumes
}

namespace {

// Per-member loss [K] of predictions [K, B, out] against normalised targets [K, B, obs_dim].
torch::Tensor member_loss(const ensemble_networkImpl& net, const torch::Tensor& out,
                          const torch::Tensor& target, bool likelihood) {
  const auto mean = out.slice(2, 0, net.obs_dim);
  if (!likelihood || !net.config.probabilistic) return (mean - target).pow(2).mean({1, 2});
  const auto log_var = out.slice(2, net.obs_dim);
  return ((mean - target).pow(2) * torch::exp(-log_var) + log_var).mean({1, 2});
}

// For each member, `count` row indices drawn cyclically from its own shuffled list, [K, count].
torch::Tensor member_rows(const std::vector<torch::Tensor>& lists, int64_t offset, int64_t count) {
  std::vector<torch::Tensor> rows;
  for (const auto& list : lists) {
    const auto positions = (torch::arange(offset, offset + count) % list.size(0));
    rows.push_back(list.index_select(0, positions));
  }
  return torch::stack(rows);
}

}  // namespace

metrics dynamics_ensemble::train_epoch() {
  auto& s = *impl_;
  auto& net = s.network;
  const int k = net->config.members;
  const int64_t n = s.transitions.size();
  if (n < 2) throw std::logic_error("dynamics ensemble: no data to train on yet");

  std::vector<torch::Tensor> train_lists, validation_lists;
  int64_t longest = 0;
  for (int m = 0; m < k; ++m) {
    const auto held_out = s.held_out.rows().select(1, m);
    auto train = torch::nonzero(~held_out).squeeze(1);
    auto validation = torch::nonzero(held_out).squeeze(1);
    // A member whose coin put everything on one side still trains and validates on something.
    if (train.size(0) == 0) train = validation;
    if (validation.size(0) == 0) validation = train;
    train_lists.push_back(train.index_select(0, torch::randperm(train.size(0), s.generator)));
    validation_lists.push_back(validation);
    longest = std::max(longest, train.size(0));
  }
  std::vector<bool> active(k);
  int active_count = 0;
  for (int m = 0; m < k; ++m) active_count += (active[m] = !s.stopping[m].stopped());
  const auto active_mask = torch::tensor(std::vector<float>(active.begin(), active.end()));

  const auto inputs = net->normalise_input(s.obs(), s.act());         // [N, in]
  const auto targets = net->normalise_target(s.obs(), s.next_obs());  // [N, obs_dim]
  const auto before = flatten(net->ordered_parameters()).detach().clone();
  // Stopped members keep their weights: Adam's momentum would otherwise move them on.
  std::vector<torch::Tensor> frozen;
  for (const auto& t : net->member_tensors()) frozen.push_back(t.detach().clone());

  const int64_t batch = net->config.batch_size;
  const auto parameters = net->parameters();
  double train_loss = 0;
  int steps = 0;
  for (int64_t offset = 0; offset < longest; offset += batch, ++steps) {
    const auto rows = member_rows(train_lists, offset, batch);  // [K, B]
    const auto x = inputs.index_select(0, rows.flatten()).view({k, batch, -1});
    const auto y = targets.index_select(0, rows.flatten()).view({k, batch, -1});
    // Each compute thread takes a share of every member's rows (a mean over them).
    const auto step = piecewise_gradients(batch, 64, parameters, [&](int64_t begin, int64_t end) {
      const auto out = net->forward(x.slice(1, begin, end));
      return (member_loss(*net, out, y.slice(1, begin, end), true) * active_mask).sum();
    });
    if (!std::isfinite(step.loss)) {
      assign_flat(net->ordered_parameters(), before);
      throw std::runtime_error("dynamics ensemble: training loss is not finite");
    }
    set_gradients(parameters, step.gradients);
    s.optimizer.step();
    torch::NoGradGuard no_grad;
    for (size_t t = 0; t < frozen.size(); ++t)
      for (int m = 0; m < k; ++m)
        if (!active[m]) net->member_tensors()[t][m].copy_(frozen[t][m]);
    train_loss += step.loss / std::max(active_count, 1);
  }

  // Validation: each member on its own held-out rows (MSE of the mean, the early-stopping signal).
  torch::NoGradGuard no_grad;
  int64_t validation_rows = 0;
  for (const auto& v : validation_lists) validation_rows = std::max(validation_rows, v.size(0));
  const auto rows = member_rows(validation_lists, 0, validation_rows);
  const auto x = inputs.index_select(0, rows.flatten()).view({k, validation_rows, -1});
  const auto y = targets.index_select(0, rows.flatten()).view({k, validation_rows, -1});
  // Each member's mean over its rows, from pieces of the rows weighted by their share.
  const auto pieces = split_range(validation_rows, 64);
  std::vector<torch::Tensor> piece_losses(pieces.size());
  run_pieces(pieces.size(), [&](size_t i) {
    const auto [begin, end] = pieces[i];
    const auto out = net->forward(x.slice(1, begin, end));
    piece_losses[i] = member_loss(*net, out, y.slice(1, begin, end), false) *
                      (static_cast<double>(end - begin) / validation_rows);
  });
  const auto validation = torch::stack(piece_losses).sum(0);
  double validation_sum = 0;
  for (int m = 0; m < k; ++m) {
    if (!active[m]) continue;
    const double v = validation[m].item<double>();
    validation_sum += v;
    s.stopping[m].update(v);
  }
  if (!torch::isfinite(flatten(net->ordered_parameters())).all().item<bool>()) {
    assign_flat(net->ordered_parameters(), before);
    throw std::runtime_error("dynamics ensemble: parameters became non-finite");
  }
  int stopped = 0;
  for (const auto& rule : s.stopping) stopped += rule.stopped();
  return {{"train_loss", steps > 0 ? train_loss / steps : 0},
          {"validation_loss", active_count > 0 ? validation_sum / active_count : 0},
          {"active_members", active_count},
          {"stopped_members", stopped},
          {"batches", steps},
          {"validation_rows", static_cast<double>(validation_rows)}};
}

bool dynamics_ensemble::all_stopped() const {
  for (const auto& rule : impl_->stopping)
    if (!rule.stopped()) return false;
  return true;
}

size_t dynamics_ensemble::transitions() const {
  return static_cast<size_t>(impl_->transitions.size());
}

void dynamics_ensemble::predict(const float* obs, const float* act, size_t n, int member,
                                float* next_obs) const {
  auto& net = impl_->network;
  if (member < 0 || member >= net->config.members)
    throw std::invalid_argument("no ensemble member " + std::to_string(member));
  torch::NoGradGuard no_grad;
  const int64_t rows = static_cast<int64_t>(n);
  const auto o = torch::from_blob(const_cast<float*>(obs), {rows, net->obs_dim});
  const auto a = torch::from_blob(const_cast<float*>(act), {rows, net->act_dim});
  const auto out = net->predict(o, a, torch::full({rows}, member, torch::kInt64)).contiguous();
  std::copy_n(out.data_ptr<float>(), out.numel(), next_obs);
}

size_t dynamics_ensemble::parameter_count() const {
  return value_count(impl_->network->ordered_parameters());
}

parameter_set dynamics_ensemble::parameters() const {
  return parameter_set_of(impl_->network->sections());
}

void dynamics_ensemble::set_parameters(const parameter_view& phi) {
  load_parameter_view(impl_->network->sections(), phi, "model φ");
}

std::vector<float> dynamics_ensemble::state() const {
  const auto& s = *impl_;
  state_writer out;
  out.add(s.optimizer);
  out.add(s.generator);
  for (const auto& rule : s.stopping)
    for (const double value : rule.saved()) out.add(value);
  return out.take();
}

void dynamics_ensemble::load_state(const float* values, size_t count) {
  auto& s = *impl_;
  state_reader in(values, count, "model learner state");
  in.read_into(s.optimizer);
  in.read_into(s.generator);
  for (auto& rule : s.stopping) {
    std::array<double, 4> saved;
    for (auto& value : saved) value = in.read_double();
    rule.restore(saved);
  }
  in.finish();
}

}  // namespace amb::learners
