#include "learners/member_selection.hpp"

#include <torch/torch.h>

#include <stdexcept>

namespace amb::learners {

member_selection::member_selection(rule r, int members, torch::Tensor chosen)
    : rule_(r), members_(members), chosen_(std::move(chosen)) {}

member_selection member_selection::per_step(int members) {
  return {rule::per_step, members, {}};
}

member_selection member_selection::per_path(int members) {
  return {rule::per_path, members, {}};
}

member_selection member_selection::given(torch::Tensor members) {
  return {rule::given, 0, members.to(torch::kInt64).contiguous()};
}

member_selection member_selection::named(const std::string& name, int members) {
  if (name == "per_step") return per_step(members);
  if (name == "per_path") return per_path(members);
  throw std::invalid_argument("unknown member selection '" + name + "'; valid: per_step, per_path");
}

torch::Tensor member_selection::at_step(int t, int64_t rows, at::Generator& generator) {
  switch (rule_) {
    case rule::per_step:
      return torch::randint(members_, {rows}, generator, torch::kInt64);
    case rule::per_path:
      if (t == 0) chosen_ = torch::randint(members_, {rows}, generator, torch::kInt64);
      if (!chosen_.defined() || chosen_.size(0) != rows)
        throw std::invalid_argument("step " + std::to_string(t) + " of " + std::to_string(rows) +
                                    " paths that step 0 did not start");
      return chosen_;
    case rule::given:
      break;
  }
  if (chosen_.size(0) != rows)
    throw std::invalid_argument("members given for " + std::to_string(chosen_.size(0)) +
                                " rows, asked for " + std::to_string(rows));
  return chosen_;
}

}  // namespace amb::learners
