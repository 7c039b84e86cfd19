#include "envs/half_cheetah.hpp"

#include "envs/locomotion_env.hpp"

namespace amb::envs {

std::unique_ptr<environment> make_half_cheetah(const env_options& options) {
  locomotion_spec spec;
  spec.env = {"half_cheetah", "half_cheetah.xml", /*obs_dim: from the model*/ 0, /*frame_skip=*/5, /*horizon=*/200, 0.1, 0.1};
  spec.qpos_skip = 1;  // leave out x: the task is the same wherever the runner is
  spec.reward = {/*ctrl_cost=*/0.1f, /*height_cost=*/0, /*target_height=*/0, /*alive_bonus=*/0};
  if (options.horizon > 0) spec.env.horizon = options.horizon;
  return std::make_unique<locomotion_env>(spec);
}

}  // namespace amb::envs
