#include "envs/torch_terms.hpp"

#include <ATen/ATen.h>

namespace amb::envs {

at::Tensor clipped_actions(const env_info& info, const at::Tensor& act) {
  const auto low = at::tensor(at::ArrayRef<float>(info.act_low)).to(act.scalar_type());
  const auto high = at::tensor(at::ArrayRef<float>(info.act_high)).to(act.scalar_type());
  return at::min(at::max(act, low), high);
}

at::Tensor clipped_action_norm2(const env_info& info, const at::Tensor& act) {
  return clipped_actions(info, act).pow(2).sum(1);
}

at::Tensor environment::terminal_tensor(const at::Tensor& obs, const at::Tensor& /*act*/,
                                        const at::Tensor& /*next_obs*/) const {
  return at::zeros({obs.size(0)}, obs.options().dtype(at::kBool));
}

}  // namespace amb::envs
