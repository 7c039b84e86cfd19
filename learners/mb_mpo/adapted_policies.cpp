#include "learners/mb_mpo/adapted_policies.hpp"

namespace amb::learners::mb_mpo {

parameter_layout meta_layout(const parameter_layout& single, int members) {
  auto layout = single;
  for (int k = 0; k < members; ++k)
    for (auto section : single) {
      section.name = "adapted." + std::to_string(k) + "." + section.name;
      layout.push_back(std::move(section));
    }
  return layout;
}

parameter_view policy_in(const parameter_view& theta, const parameter_layout& single, int index) {
  size_t count = 0;
  for (const auto& section : single) count += section.count();
  return {single, theta.values + count * static_cast<size_t>(index), count};
}

parameter_set unadapted(const parameter_set& meta, int members) {
  parameter_set theta{meta_layout(meta.layout, members), meta.values};
  for (int k = 0; k < members; ++k)
    theta.values.insert(theta.values.end(), meta.values.begin(), meta.values.end());
  return theta;
}

}  // namespace amb::learners::mb_mpo
