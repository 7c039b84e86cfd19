#include "learners/flat_parameters.hpp"

#include <torch/torch.h>

#include <stdexcept>

namespace amb::learners {

torch::Tensor flatten(const std::vector<torch::Tensor>& tensors) {
  std::vector<torch::Tensor> views;
  for (const auto& t : tensors) views.push_back(t.reshape({-1}));
  return torch::cat(views);
}

void assign_flat(const std::vector<torch::Tensor>& tensors, const torch::Tensor& flat) {
  torch::NoGradGuard no_grad;
  int64_t offset = 0;
  for (const auto& t : tensors) {
    const int64_t n = t.numel();
    t.copy_(flat.slice(0, offset, offset + n).view_as(t));
    offset += n;
  }
}

std::vector<float> flat_values(const std::vector<torch::Tensor>& tensors) {
  torch::NoGradGuard no_grad;
  const auto flat = flatten(tensors).contiguous();
  return {flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel()};
}

size_t value_count(const std::vector<torch::Tensor>& tensors) {
  size_t count = 0;
  for (const auto& t : tensors) count += t.numel();
  return count;
}

void load_flat_values(const std::vector<torch::Tensor>& tensors, const float* values, size_t count,
                      const std::string& what) {
  const size_t expected = value_count(tensors);
  if (count != expected)
    throw std::invalid_argument(what + " has " + std::to_string(count) + " values, expected " +
                                std::to_string(expected));
  assign_flat(tensors, torch::from_blob(const_cast<float*>(values), {static_cast<int64_t>(count)}));
}

void named_tensors::add(std::string name, const torch::Tensor& tensor) {
  names.push_back(std::move(name));
  tensors.push_back(tensor);
}

void named_tensors::append(const named_tensors& other, const std::string& prefix) {
  for (size_t i = 0; i < other.tensors.size(); ++i) add(prefix + other.names[i], other.tensors[i]);
}

parameter_layout named_tensors::layout() const {
  parameter_layout layout;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const auto sizes = tensors[i].sizes();
    layout.push_back({names[i], std::vector<uint64_t>(sizes.begin(), sizes.end())});
  }
  return layout;
}

parameter_set parameter_set_of(const named_tensors& named) {
  return {named.layout(), flat_values(named.tensors)};
}

void load_parameter_view(const named_tensors& named, const parameter_view& view,
                         const std::string& what) {
  check_layout(view, named.layout(), what);
  load_flat_values(named.tensors, view.values, view.count, what);
}

}  // namespace amb::learners
