#include "envs/half_cheetah.hpp"

#include "envs/locomotion_env.hpp"

namespace amb::envs {

std::unique_ptr<environment> make_half_cheetah(const env_options& options) {
  // x is left out (qpos_skip 1): the task is the same wherever the runner is.
  return make_locomotion_env(
      {{"half_cheetah", "half_cheetah.xml", /*obs_dim: from the model*/ 0, /*frame_skip=*/5,
        /*horizon=*/200, /*position_noise=*/0.1, /*velocity_noise=*/0.1},
       /*qpos_skip=*/1,
       {/*ctrl_cost=*/0.1f, /*height_cost=*/0, /*target_height=*/0, /*alive_bonus=*/0}},
      options);
}

}  // namespace amb::envs
