#pragma once

#include <mujoco/mujoco.h>

#include <memory>
#include <random>
#include <string>

#include "envs/environment.hpp"

namespace amb::envs {

struct model_deleter {
  void operator()(mjModel* m) const { mj_deleteModel(m); }
};
struct data_deleter {
  void operator()(mjData* d) const { mj_deleteData(d); }
};
using model_ptr = std::unique_ptr<mjModel, model_deleter>;
using data_ptr = std::unique_ptr<mjData, data_deleter>;

/// Loads one of the embedded MJCF models by file name. Throws std::runtime_error with MuJoCo's
/// message if it does not compile.
model_ptr load_embedded_model(const std::string& asset_name);

/// Loads a model from MJCF text (used by tests on tiny inline models).
model_ptr load_model_from_text(const std::string& xml);

/// The last MuJoCo warning on this thread (empty if none); MuJoCo's own printing and its
/// MUJOCO_LOG.TXT file are replaced by this.
const std::string& last_mujoco_warning();
void clear_mujoco_warning();

struct mujoco_env_spec {
  std::string name;
  std::string asset;  // file name under envs/assets/
  int obs_dim = 0;
  int frame_skip = 1;  // physics steps per control step
  int horizon = 200;
  double position_noise = 0.1;  // half-width of the uniform noise added to qpos0 at reset
  double velocity_noise = 0.1;  // std of the Gaussian noise of the initial qvel
};

/// Common machinery of MuJoCo tasks: model and data ownership, seeded resets, frame skipping,
/// action clipping, divergence checks. A task supplies its observation and reward.
class mujoco_env : public environment {
 public:
  const env_info& info() const override { return info_; }
  std::vector<float> reset(uint64_t seed) override;
  step_result step(const std::vector<float>& action) override;

  const mjModel* model() const { return model_.get(); }
  const mjData* data() const { return data_.get(); }

  /// Puts the simulation in a given state (qpos [nq], qvel [nv]) within the current episode and
  /// returns its observation. Throws std::invalid_argument on wrong sizes.
  std::vector<float> set_state(const std::vector<double>& qpos, const std::vector<double>& qvel);

 protected:
  explicit mujoco_env(const mujoco_env_spec& spec);
  /// For tasks that compose their model (spec.asset is then only a label).
  mujoco_env(const mujoco_env_spec& spec, model_ptr model);

  /// Writes the observation of the current state, [obs_dim].
  virtual void observe(float* out) const = 0;

  /// Sets the initial state after mj_resetData; the default adds noise to qpos0 and qvel.
  virtual void randomize_initial_state(std::mt19937_64& rng);

  /// For tasks whose observation size follows from the loaded model.
  void set_obs_dim(int obs_dim) { info_.obs_dim = obs_dim; }

  mjData* mutable_data() { return data_.get(); }

 private:
  std::vector<float> observe() const;

  model_ptr model_;
  data_ptr data_;
  env_info info_;
  mujoco_env_spec spec_;
  int steps_ = 0;
  std::vector<float> last_obs_;
};

}  // namespace amb::envs
