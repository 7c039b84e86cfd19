#include "learners/gaussian_fisher.hpp"

#include <torch/torch.h>

#include <stdexcept>

#include "learners/onednn_gemm.hpp"

namespace amb::learners {

namespace {

// gaussian_mean's network at θ₀, as the products need it: each layer's weight and input, and
// the slope of each hidden layer's tanh at its output (1 - tanh²).
struct linearised_mlp {
  std::vector<torch::Tensor> weights, inputs, slopes;
  torch::Tensor inverse_variance;  // [act_dim]: Σ⁻¹'s diagonal
  std::vector<int64_t> sizes;      // values per θ tensor, in θ's order
};

linearised_mlp linearise(const std::vector<torch::Tensor>& theta, const torch::Tensor& obs) {
  if (theta.size() < 3 || theta.size() % 2 == 0 || theta.front().dim() != 2)
    throw std::invalid_argument(
        "gaussian_fisher_product: θ must be one policy's layer weights and biases, then log_std");
  torch::NoGradGuard no_grad;
  linearised_mlp net;
  const size_t layers = (theta.size() - 1) / 2;
  auto h = obs.detach().contiguous();
  for (size_t l = 0; l < layers; ++l) {
    net.weights.push_back(theta[2 * l].detach().contiguous().clone());
    net.inputs.push_back(h);
    if (l + 1 == layers) break;
    auto z = torch::empty({h.size(0), net.weights.back().size(0)}, h.options());
    linear_transposed_into(z, theta[2 * l + 1].detach(), h, net.weights.back());
    h = z.tanh_();
    net.slopes.push_back(1 - h * h);
  }
  net.inverse_variance = torch::exp(-2 * theta.back().detach());
  for (const auto& t : theta) net.sizes.push_back(t.numel());
  return net;
}

}  // namespace

std::function<torch::Tensor(const torch::Tensor&)> gaussian_fisher_product(
    const std::vector<torch::Tensor>& theta, const torch::Tensor& obs) {
  const auto net = linearise(theta, obs);
  const auto rows = static_cast<double>(obs.size(0));
  return [net, rows](const torch::Tensor& v) {
    torch::NoGradGuard no_grad;
    const size_t layers = net.weights.size();
    const auto parts = v.split_with_sizes(net.sizes);
    auto tangent = [&](size_t l) { return parts[2 * l].view_as(net.weights[l]); };
    // Forward mode: the change of each layer's output along v.
    torch::Tensor change;
    const auto change_options = net.inputs.front().options();
    for (size_t l = 0; l < layers; ++l) {
      auto z = torch::empty({net.inputs[l].size(0), net.weights[l].size(0)}, change_options);
      linear_transposed_into(z, parts[2 * l + 1], net.inputs[l], tangent(l));
      if (l > 0) gemm_into(z, change, false, net.weights[l], true, 1.0f);
      change = l + 1 < layers ? z.mul_(net.slopes[l]) : z;
    }
    // Backprop of Σ⁻¹ J v / N through the same layers.
    std::vector<torch::Tensor> product(2 * layers + 1);
    auto back = change.mul_(net.inverse_variance).div_(rows);
    for (size_t l = layers; l-- > 0;) {
      auto weight_part = torch::empty_like(net.weights[l]);
      gemm_into(weight_part, back, true, net.inputs[l], false, 0.0f);
      product[2 * l] = weight_part.view(-1);
      product[2 * l + 1] = back.sum(0);
      if (l > 0) {
        auto earlier = torch::empty({back.size(0), net.weights[l].size(1)}, back.options());
        gemm_into(earlier, back, false, net.weights[l], false, 0.0f);
        back = earlier.mul_(net.slopes[l - 1]);
      }
    }
    product.back() = 2 * parts.back();
    return torch::cat(product);
  };
}

}  // namespace amb::learners
