#pragma once

// The MLPs the learners build (policies, critics): Linear layers with an activation between,
// weights drawn from the learner's own generator (torch's default initialisation draws from a
// global one that other threads share, which would make runs irreproducible), biases zero.

#include <ATen/core/Generator.h>
#include <torch/nn/modules/container/sequential.h>

#include <string>
#include <vector>

#include "learners/flat_parameters.hpp"

namespace amb::learners {

enum class activation { tanh, relu };

struct mlp_shape {
  int in = 0;
  std::vector<int> hidden;
  int out = 0;
  activation between = activation::relu;
  double hidden_gain = 1.0;  // hidden weights ~ N(0, gain² / fan_in)
  double output_gain = 1.0;  // the output layer's (small: first outputs near zero)
};

/// The MLP, its layers' tensors appended to `sections` as "<prefix>.<i>.weight" and
/// "<prefix>.<i>.bias", i the layer's index in the Sequential (as torch names them).
torch::nn::Sequential seeded_mlp(const mlp_shape& shape, at::Generator& generator,
                                 named_tensors& sections, const std::string& prefix);

}  // namespace amb::learners
