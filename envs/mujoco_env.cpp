#include "envs/mujoco_env.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "envs/assets.hpp"

namespace amb::envs {

namespace {

thread_local std::string mujoco_warning;

// MuJoCo calls exit() after its default error handler; ours turns the error into an exception
// instead (MuJoCo's C code is built with unwind tables on Debian's amd64, as its own Python
// bindings rely on), so a bad model or a failed allocation becomes an error of the caller.
void on_mujoco_error(const char* message) {
  throw std::runtime_error(std::string("MuJoCo: ") + message);
}

void on_mujoco_warning(const char* message) {
  mujoco_warning = message;
}

void install_mujoco_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    mju_user_error = on_mujoco_error;
    mju_user_warning = on_mujoco_warning;
  });
}

struct vfs_deleter {
  void operator()(mjVFS* vfs) const {
    mj_deleteVFS(vfs);
    delete vfs;
  }
};

}  // namespace

const std::string& last_mujoco_warning() {
  return mujoco_warning;
}
void clear_mujoco_warning() {
  mujoco_warning.clear();
}

model_ptr load_model_from_text(const std::string& xml) {
  install_mujoco_handlers();
  // mj_loadXML reads files only; a virtual file system lets it read the text from memory.
  std::unique_ptr<mjVFS, vfs_deleter> vfs(new mjVFS);
  mj_defaultVFS(vfs.get());
  const char* file_name = "model.xml";
  if (mj_makeEmptyFileVFS(vfs.get(), file_name, static_cast<int>(xml.size())) != 0)
    throw std::runtime_error("MuJoCo: could not allocate the model in its virtual file system");
  std::memcpy(vfs->filedata[mj_findFileVFS(vfs.get(), file_name)], xml.data(), xml.size());
  char error[1000] = "";
  mjModel* model = mj_loadXML(file_name, vfs.get(), error, sizeof(error));
  if (!model) throw std::runtime_error(std::string("MuJoCo could not load the model: ") + error);
  return model_ptr(model);
}

model_ptr load_embedded_model(const std::string& asset_name) {
  const auto& assets = embedded_assets();
  auto it = assets.find(asset_name);
  if (it == assets.end()) throw std::runtime_error("no embedded asset named " + asset_name);
  try {
    return load_model_from_text(it->second);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(asset_name + ": " + e.what());
  }
}

mujoco_env::mujoco_env(const mujoco_env_spec& spec)
    : mujoco_env(spec, load_embedded_model(spec.asset)) {}

mujoco_env::mujoco_env(const mujoco_env_spec& spec, model_ptr model)
    : model_(std::move(model)), data_(mj_makeData(model_.get())), spec_(spec) {
  info_.name = spec.name;
  info_.obs_dim = spec.obs_dim;
  info_.act_dim = model_->nu;
  info_.control_period = model_->opt.timestep * spec.frame_skip;
  info_.horizon = spec.horizon;
  for (int i = 0; i < model_->nu; ++i) {
    info_.act_low.push_back(static_cast<float>(model_->actuator_ctrlrange[2 * i]));
    info_.act_high.push_back(static_cast<float>(model_->actuator_ctrlrange[2 * i + 1]));
  }
}

void mujoco_env::randomize_initial_state(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> position(-spec_.position_noise, spec_.position_noise);
  std::normal_distribution<double> velocity(0.0, spec_.velocity_noise);
  for (int i = 0; i < model_->nq; ++i) data_->qpos[i] = model_->qpos0[i] + position(rng);
  for (int i = 0; i < model_->nv; ++i) data_->qvel[i] = velocity(rng);
}

std::vector<float> mujoco_env::observe() const {
  std::vector<float> obs(info_.obs_dim);
  observe(obs.data());
  return obs;
}

std::vector<float> mujoco_env::reset(uint64_t seed) {
  std::mt19937_64 rng(seed);
  mj_resetData(model_.get(), data_.get());
  randomize_initial_state(rng);
  mj_forward(model_.get(), data_.get());
  steps_ = 0;
  last_obs_ = observe();
  return last_obs_;
}

std::vector<float> mujoco_env::set_state(const std::vector<double>& qpos,
                                         const std::vector<double>& qvel) {
  if (static_cast<int>(qpos.size()) != model_->nq || static_cast<int>(qvel.size()) != model_->nv)
    throw std::invalid_argument(info_.name + ": state needs qpos[" + std::to_string(model_->nq) +
                                "] and qvel[" + std::to_string(model_->nv) + "]");
  std::copy(qpos.begin(), qpos.end(), data_->qpos);
  std::copy(qvel.begin(), qvel.end(), data_->qvel);
  mj_forward(model_.get(), data_.get());
  last_obs_ = observe();
  return last_obs_;
}

step_result mujoco_env::step(const std::vector<float>& action) {
  check_action(info_, action);
  if (last_obs_.empty()) throw std::logic_error(info_.name + ": step() before reset()");

  std::vector<float> clipped(info_.act_dim);
  clip_actions(info_, action.data(), 1, clipped.data());
  for (int i = 0; i < info_.act_dim; ++i) data_->ctrl[i] = clipped[i];
  const int bad_before = data_->warning[mjWARN_BADQACC].number;
  for (int k = 0; k < spec_.frame_skip; ++k) mj_step(model_.get(), data_.get());
  // MuJoCo resets a state whose accelerations blew up and counts it; for a learner that is a
  // corrupted transition, so it is an error here, not a silent reset.
  if (data_->warning[mjWARN_BADQACC].number != bad_before)
    throw std::runtime_error(info_.name + ": simulation diverged at step " +
                             std::to_string(steps_) + " (" + last_mujoco_warning() + ")");

  step_result result;
  result.observation = observe();
  for (float x : result.observation)
    if (!std::isfinite(x))
      throw std::runtime_error(info_.name + ": non-finite observation at step " +
                               std::to_string(steps_));
  reward_batch(last_obs_.data(), clipped.data(), result.observation.data(), 1, &result.reward);
  ++steps_;
  result.truncated = steps_ >= info_.horizon;
  last_obs_ = result.observation;
  return result;
}

}  // namespace amb::envs
