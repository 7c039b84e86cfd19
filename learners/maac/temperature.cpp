#include "learners/maac/temperature.hpp"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

namespace amb::learners::maac {

temperature::temperature(double initial, double target_entropy, double learning_rate)
    : log_alpha_(torch::full({1}, std::log(initial)).set_requires_grad(true)),
      adam_({log_alpha_}, torch::optim::AdamOptions(learning_rate)),
      target_entropy_(target_entropy) {}

double temperature::value() const {
  return std::exp(log_alpha_.item<double>());
}

void temperature::update(const torch::Tensor& log_prob) {
  const auto loss = -(log_alpha_ * (log_prob.detach() + target_entropy_)).mean();
  if (!std::isfinite(loss.item<double>()))
    throw std::runtime_error("MAAC temperature: the loss is not finite");
  adam_.zero_grad();
  loss.backward();
  adam_.step();
}

void temperature::save(state_writer& out) const {
  out.add(log_alpha_.detach());
  out.add(adam_);
}

void temperature::load(state_reader& in) {
  in.read_into(log_alpha_);
  in.read_into(adam_);
}

}  // namespace amb::learners::maac
