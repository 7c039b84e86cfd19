#include "learners/conjugate_gradient.hpp"

#include <torch/torch.h>

namespace amb::learners {

torch::Tensor conjugate_gradient(const std::function<torch::Tensor(const torch::Tensor&)>& product,
                                 const torch::Tensor& b, int iterations, double tolerance) {
  auto x = torch::zeros_like(b);
  auto residual = b.clone();  // b - A x with x = 0
  auto direction = b.clone();
  double residual_norm2 = residual.dot(residual).item<double>();
  for (int i = 0; i < iterations && residual_norm2 > tolerance; ++i) {
    const auto a_direction = product(direction);
    const double alpha = residual_norm2 / direction.dot(a_direction).item<double>();
    x += alpha * direction;
    residual -= alpha * a_direction;
    const double next_norm2 = residual.dot(residual).item<double>();
    direction = residual + (next_norm2 / residual_norm2) * direction;
    residual_norm2 = next_norm2;
  }
  return x;
}

}  // namespace amb::learners
