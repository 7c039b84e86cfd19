#include "envs/environment.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace amb::envs {

float clipped_action_norm2(const env_info& info, const float* action) {
  float norm2 = 0;
  for (int i = 0; i < info.act_dim; ++i) {
    const float clipped = std::clamp(action[i], info.act_low[i], info.act_high[i]);
    norm2 += clipped * clipped;
  }
  return norm2;
}

void clip_actions(const env_info& info, const float* actions, size_t rows, float* clipped) {
  const size_t dim = static_cast<size_t>(info.act_dim);
  for (size_t r = 0; r < rows; ++r)
    for (size_t i = 0; i < dim; ++i)
      clipped[r * dim + i] = std::clamp(actions[r * dim + i], info.act_low[i], info.act_high[i]);
}

void check_action(const env_info& info, const std::vector<float>& action) {
  if (static_cast<int>(action.size()) != info.act_dim)
    throw std::invalid_argument(info.name + ": action has " + std::to_string(action.size()) +
                                " values, expected " + std::to_string(info.act_dim));
  for (float a : action)
    if (!std::isfinite(a)) throw std::invalid_argument(info.name + ": action contains NaN or Inf");
}

}  // namespace amb::envs
