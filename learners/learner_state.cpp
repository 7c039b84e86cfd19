#include "learners/learner_state.hpp"

#include <c10/util/string_utils.h>
#include <torch/torch.h>

#include <cstring>
#include <stdexcept>

namespace amb::learners {

namespace {

// Adam keeps its per-parameter state under the parameter's TensorImpl address.
std::string adam_key(const torch::Tensor& parameter) {
  return c10::guts::to_string(parameter.unsafeGetTensorImpl());
}

}  // namespace

void state_writer::add_bytes(const void* bytes, size_t count) {
  const auto* b = static_cast<const unsigned char*>(bytes);
  const uint64_t length = count;
  const auto* l = reinterpret_cast<const unsigned char*>(&length);
  values_.insert(values_.end(), l, l + sizeof(length));
  values_.insert(values_.end(), b, b + count);
}

void state_writer::add(const torch::Tensor& values) {
  const auto flat = values.detach().to(torch::kFloat32).contiguous().reshape({-1});
  const uint64_t length = static_cast<uint64_t>(flat.numel());
  const auto* l = reinterpret_cast<const unsigned char*>(&length);
  values_.insert(values_.end(), l, l + sizeof(length));
  values_.insert(values_.end(), flat.data_ptr<float>(), flat.data_ptr<float>() + length);
}

void state_writer::add(const at::Generator& generator) {
  const auto bytes = generator.get_state().contiguous();
  add_bytes(bytes.data_ptr<uint8_t>(), static_cast<size_t>(bytes.numel()));
}

void state_writer::add(double value) {
  add_bytes(&value, sizeof(value));
}

void state_writer::add(const torch::optim::Adam& adam) {
  for (const auto& group : adam.param_groups())
    for (const auto& parameter : group.params()) {
      const auto it = adam.state().find(adam_key(parameter));
      if (it == adam.state().end()) {
        add(0.0);
        add(torch::zeros_like(parameter));
        add(torch::zeros_like(parameter));
        continue;
      }
      const auto& s = static_cast<const torch::optim::AdamParamState&>(*it->second);
      add(static_cast<double>(s.step()));
      add(s.exp_avg());
      add(s.exp_avg_sq());
    }
}

state_reader::state_reader(const float* values, size_t count, std::string what)
    : values_(values), count_(count), what_(std::move(what)) {}

size_t state_reader::read_length() {
  uint64_t length = 0;
  auto* l = reinterpret_cast<unsigned char*>(&length);
  if (count_ - at_ < sizeof(length))
    throw std::invalid_argument(what_ + ": ends inside a section header at value " +
                                std::to_string(at_));
  for (size_t i = 0; i < sizeof(length); ++i) {
    const float f = values_[at_++];
    if (!(f >= 0 && f <= 255 && f == static_cast<float>(static_cast<int>(f))))
      throw std::invalid_argument(what_ + ": value " + std::to_string(at_ - 1) +
                                  " is no section header");
    l[i] = static_cast<unsigned char>(f);
  }
  if (length > count_ - at_)
    throw std::invalid_argument(what_ + ": a section of " + std::to_string(length) +
                                " values at value " + std::to_string(at_) + " runs past its end");
  return static_cast<size_t>(length);
}

void state_reader::read_bytes(void* bytes, size_t count) {
  const size_t length = read_length();
  if (length != count)
    throw std::invalid_argument(what_ + ": a section of " + std::to_string(length) +
                                " bytes where " + std::to_string(count) + " belong");
  auto* b = static_cast<unsigned char*>(bytes);
  for (size_t i = 0; i < count; ++i) {
    const float f = values_[at_++];
    if (!(f >= 0 && f <= 255)) throw std::invalid_argument(what_ + ": a byte out of range");
    b[i] = static_cast<unsigned char>(f);
  }
}

void state_reader::read_into(torch::Tensor& target) {
  const size_t length = read_length();
  if (length != static_cast<size_t>(target.numel()))
    throw std::invalid_argument(what_ + ": a section of " + std::to_string(length) +
                                " values where " + std::to_string(target.numel()) + " belong");
  torch::NoGradGuard no_grad;
  const auto source =
      torch::from_blob(const_cast<float*>(values_ + at_), {static_cast<int64_t>(length)});
  target.copy_(source.reshape(target.sizes()));
  at_ += length;
}

torch::Tensor state_reader::read_tensor() {
  const size_t length = read_length();
  auto values =
      torch::from_blob(const_cast<float*>(values_ + at_), {static_cast<int64_t>(length)}).clone();
  at_ += length;
  return values;
}

void state_reader::read_into(at::Generator& generator) {
  auto bytes = generator.get_state();  // of the size this generator's state has
  read_bytes(bytes.data_ptr<uint8_t>(), static_cast<size_t>(bytes.numel()));
  generator.set_state(bytes);
}

double state_reader::read_double() {
  double value = 0;
  read_bytes(&value, sizeof(value));
  return value;
}

void state_reader::read_into(torch::optim::Adam& adam) {
  for (auto& group : adam.param_groups())
    for (auto& parameter : group.params()) {
      const auto step = static_cast<int64_t>(read_double());
      auto exp_avg = torch::zeros_like(parameter);
      auto exp_avg_sq = torch::zeros_like(parameter);
      read_into(exp_avg);
      read_into(exp_avg_sq);
      const auto key = adam_key(parameter);
      if (step == 0) {  // as before its first step: Adam makes its state then
        adam.state().erase(key);
        continue;
      }
      auto s = std::make_unique<torch::optim::AdamParamState>();
      s->step(step);
      s->exp_avg(exp_avg);
      s->exp_avg_sq(exp_avg_sq);
      adam.state()[key] = std::move(s);
    }
}

void state_reader::finish() const {
  if (at_ != count_)
    throw std::invalid_argument(what_ + ": " + std::to_string(count_ - at_) +
                                " values left over after the last section");
}

}  // namespace amb::learners
