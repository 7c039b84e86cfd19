#include "learners/maac/twin_critic.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cmath>

#include "learners/seeded_mlp.hpp"

namespace amb::learners::maac {

namespace {

torch::nn::Sequential q_network(int in, const std::vector<int>& hidden, at::Generator& generator,
                                named_tensors& sections, const std::string& name) {
  return seeded_mlp({in, hidden, 1, activation::relu, std::sqrt(2.0), std::sqrt(2.0)}, generator,
                    sections, name);
}

}  // namespace

twin_criticImpl::twin_criticImpl(int obs_dim, int act_dim, const std::vector<int>& hidden,
                                 uint64_t seed) {
  auto generator = at::detail::createCPUGenerator(seed);
  for (const char* name : {"q1", "q2"})
    nets_.push_back(
        register_module(name, q_network(obs_dim + act_dim, hidden, generator, online_, name)));
  for (const char* name : {"q1_target", "q2_target"}) {
    auto net = q_network(obs_dim + act_dim, hidden, generator, targets_, name);
    for (auto& p : net->parameters()) p.set_requires_grad(false);
    nets_.push_back(register_module(name, net));
  }
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < online_.tensors.size(); ++i) targets_.tensors[i].copy_(online_.tensors[i]);
}

std::pair<torch::Tensor, torch::Tensor> twin_criticImpl::values(const torch::Tensor& obs,
                                                                const torch::Tensor& act) {
  const auto input = torch::cat({obs, act}, -1);
  return {nets_[0]->forward(input).squeeze(-1), nets_[1]->forward(input).squeeze(-1)};
}

torch::Tensor twin_criticImpl::min_value(const torch::Tensor& obs, const torch::Tensor& act) {
  const auto [q1, q2] = values(obs, act);
  return torch::min(q1, q2);
}

torch::Tensor twin_criticImpl::min_target(const torch::Tensor& obs, const torch::Tensor& act) {
  const auto input = torch::cat({obs, act}, -1);
  return torch::min(nets_[2]->forward(input), nets_[3]->forward(input)).squeeze(-1);
}

void twin_criticImpl::soft_update(double tau) {
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < online_.tensors.size(); ++i)
    targets_.tensors[i].mul_(1 - tau).add_(online_.tensors[i], tau);
}

}  // namespace amb::learners::maac
