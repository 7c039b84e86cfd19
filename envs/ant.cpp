#include "envs/ant.hpp"

#include "envs/locomotion_env.hpp"

namespace amb::envs {

std::unique_ptr<environment> make_ant(const env_options& options) {
  locomotion_spec spec;
  spec.env = {"ant", "ant.xml", /*obs_dim: from the model*/ 0, /*frame_skip=*/5, /*horizon=*/200, 0.1, 0.1};
  spec.qpos_skip = 2;  // leave out x and y
  spec.reward = {/*ctrl_cost=*/0.1f, /*height_cost=*/3.0f, /*target_height=*/0.57f, /*alive_bonus=*/1.0f};
  if (options.horizon > 0) spec.env.horizon = options.horizon;
  return std::make_unique<locomotion_env>(spec);
}

}  // namespace amb::envs
