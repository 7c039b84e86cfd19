#include "envs/ant.hpp"

#include "envs/locomotion_env.hpp"

namespace amb::envs {

std::unique_ptr<environment> make_ant(const env_options& options) {
  // x and y are left out (qpos_skip 2).
  return make_locomotion_env(
      {{"ant", "ant.xml", /*obs_dim: from the model*/ 0, /*frame_skip=*/5, /*horizon=*/200,
        /*position_noise=*/0.1, /*velocity_noise=*/0.1},
       /*qpos_skip=*/2,
       upright_reward(/*target_height=*/0.57f)},
      options);
}

}  // namespace amb::envs
