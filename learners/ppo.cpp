#include "learners/ppo.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "learners/piecewise_gradients.hpp"
#include "learners/stopwatch.hpp"

namespace amb::learners {

struct ppo::impl {
  gaussian_mlp_module policy;
  ppo_config config;
  torch::optim::Adam optimizer;
  at::Generator generator;
};

ppo::ppo(gaussian_mlp_module policy, const ppo_config& config, uint64_t seed)
    : impl_(std::make_unique<impl>(impl{
          policy, config,
          torch::optim::Adam(policy->parameters(), torch::optim::AdamOptions(config.learning_rate)),
          at::detail::createCPUGenerator(seed)})) {}

ppo::~ppo() = default;

void ppo::save(state_writer& out) const {
  out.add(impl_->optimizer);
  out.add(impl_->generator);
}

void ppo::load(state_reader& in) {
  in.read_into(impl_->optimizer);
  in.read_into(impl_->generator);
}

metrics ppo::step(const torch::Tensor& obs, const torch::Tensor& act,
                  const torch::Tensor& advantages) {
  stopwatch clock;
  auto& s = *impl_;
  const auto& params = s.policy->ordered_parameters();
  const auto old_params = flatten(params).detach().clone();
  torch::Tensor old_log_prob;
  {
    torch::NoGradGuard no_grad;
    old_log_prob = s.policy->log_prob(obs, act);
  }
  const auto adv = (advantages - advantages.mean()) / (advantages.std() + 1e-8);
  const int64_t m = obs.size(0);
  const int64_t batch = std::max<int64_t>(1, m / s.config.minibatches);
  double last_loss = 0;
  for (int epoch = 0; epoch < s.config.epochs; ++epoch) {
    const auto order = torch::randperm(m, s.generator);
    for (int64_t start = 0; start < m; start += batch) {
      const auto idx = order.slice(0, start, std::min(start + batch, m));
      const auto o = obs.index_select(0, idx), a = act.index_select(0, idx);
      const auto old = old_log_prob.index_select(0, idx), advantage = adv.index_select(0, idx);
      // Each compute thread takes a share of the minibatch (the loss is a mean over it).
      const auto update =
          piecewise_gradients(idx.size(0), 256, params, [&](int64_t begin, int64_t end) {
            const auto rows = [&](const torch::Tensor& t) { return t.slice(0, begin, end); };
            const auto ratio = torch::exp(s.policy->log_prob(rows(o), rows(a)) - rows(old));
            const auto clipped = torch::clamp(ratio, 1 - s.config.clip, 1 + s.config.clip);
            return -torch::min(ratio * rows(advantage), clipped * rows(advantage)).mean();
          });
      last_loss = update.loss;
      if (!std::isfinite(last_loss)) {
        assign_flat(params, old_params);
        throw std::runtime_error("PPO: loss is not finite");
      }
      set_gradients(params, update.gradients);
      s.optimizer.step();
    }
  }
  double clipped_fraction;
  {
    torch::NoGradGuard no_grad;
    const auto ratio = torch::exp(s.policy->log_prob(obs, act) - old_log_prob);
    clipped_fraction =
        (torch::abs(ratio - 1) > s.config.clip).to(torch::kFloat32).mean().item<double>();
  }
  if (!torch::isfinite(flatten(params)).all().item<bool>()) {
    assign_flat(params, old_params);
    throw std::runtime_error("PPO: the update made the policy parameters non-finite");
  }
  return {
      {"loss", last_loss}, {"clipped_fraction", clipped_fraction}, {"update_seconds", clock.lap()}};
}

}  // namespace amb::learners
