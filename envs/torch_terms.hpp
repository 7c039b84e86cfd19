#pragma once

// The torch side of the reward terms tasks share: what their reward_tensor is built from, the
// batched twin of envs/environment.hpp's float functions.

#include <ATen/core/Tensor.h>

#include "envs/environment.hpp"

namespace amb::envs {

/// clip(a) per row, act [n, act_dim] -> [n, act_dim]: what the actuators receive (clip_actions
/// on a batch). Its gradient is zero in a clipped coordinate, where they see no change either.
at::Tensor clipped_actions(const env_info& info, const at::Tensor& act);

/// |clip(a)|^2 per row, act [n, act_dim] -> [n]: clipped_action_norm2 on a batch.
at::Tensor clipped_action_norm2(const env_info& info, const at::Tensor& act);

}  // namespace amb::envs
