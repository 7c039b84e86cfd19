#include "envs/hopper.hpp"

#include "envs/locomotion_env.hpp"

namespace amb::envs {

std::unique_ptr<environment> make_hopper(const env_options& options) {
  return make_locomotion_env(
      {{"hopper", "hopper.xml", /*obs_dim: from the model*/ 0, /*frame_skip=*/4, /*horizon=*/200,
        /*position_noise=*/0.005, /*velocity_noise=*/0.005},
       /*qpos_skip=*/1,
       upright_reward(/*target_height=*/1.3f)},
      options);
}

}  // namespace amb::envs
