#include "envs/hopper.hpp"

#include "envs/locomotion_env.hpp"

namespace amb::envs {

std::unique_ptr<environment> make_hopper(const env_options& options) {
  locomotion_spec spec;
  spec.env = {"hopper", "hopper.xml", /*obs_dim: from the model*/ 0, /*frame_skip=*/4, /*horizon=*/200, 0.005, 0.005};
  spec.qpos_skip = 1;
  spec.reward = {/*ctrl_cost=*/0.1f, /*height_cost=*/3.0f, /*target_height=*/1.3f, /*alive_bonus=*/1.0f};
  if (options.horizon > 0) spec.env.horizon = options.horizon;
  return std::make_unique<locomotion_env>(spec);
}

}  // namespace amb::envs
