#include "learners/seeded_mlp.hpp"

#include <torch/torch.h>

#include <cmath>

namespace amb::learners {

torch::nn::Sequential seeded_mlp(const mlp_shape& shape, at::Generator& generator,
                                 named_tensors& sections, const std::string& prefix) {
  torch::NoGradGuard no_grad;
  torch::nn::Sequential net;
  std::vector<int> sizes = shape.hidden;
  sizes.push_back(shape.out);
  int in = shape.in;
  for (size_t i = 0; i < sizes.size(); ++i) {
    const bool output = i + 1 == sizes.size();
    torch::nn::Linear layer(in, sizes[i]);
    const double gain = output ? shape.output_gain : shape.hidden_gain;
    layer->weight.copy_(torch::randn({sizes[i], in}, generator) *
                        (gain / std::sqrt(static_cast<double>(in))));
    layer->bias.zero_();
    net->push_back(layer);
    if (!output) {
      if (shape.between == activation::tanh)
        net->push_back(torch::nn::Tanh());
      else
        net->push_back(torch::nn::ReLU());
    }
    const auto name = prefix + "." + std::to_string(2 * i) + ".";  // activations between
    sections.add(name + "weight", layer->weight);
    sections.add(name + "bias", layer->bias);
    in = sizes[i];
  }
  return net;
}

}  // namespace amb::learners
