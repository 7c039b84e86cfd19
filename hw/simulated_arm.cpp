#include "hw/simulated_arm.hpp"

#include <cmath>

namespace amb::hw {

simulated_arm::simulated_arm(const envs::pr2_task& task, std::chrono::nanoseconds tick)
    : model_(envs::load_pr2_scene(task)) {
  model_->opt.timestep = std::chrono::duration<double>(tick).count();
  data_.reset(mj_makeData(model_.get()));
  for (int j = 0; j < envs::pr2_joints; ++j) data_->qpos[j] = last_good_q_[j] = task.start_pose[j];
  mj_forward(model_.get(), data_.get());
}

void simulated_arm::read(double* q, double* qdot) const {
  for (int j = 0; j < envs::pr2_joints; ++j) {
    q[j] = data_->qpos[j];
    qdot[j] = data_->qvel[j];
  }
}

void simulated_arm::apply(const double* effort) {
  for (int j = 0; j < envs::pr2_joints; ++j) data_->ctrl[j] = effort[j];
  const int bad_before = data_->warning[mjWARN_BADQACC].number;
  mj_step(model_.get(), data_.get());
  bool fine = data_->warning[mjWARN_BADQACC].number == bad_before;
  for (int j = 0; j < envs::pr2_joints && fine; ++j)
    fine = std::isfinite(data_->qpos[j]) && std::isfinite(data_->qvel[j]);
  if (fine) {
    for (int j = 0; j < envs::pr2_joints; ++j) last_good_q_[j] = data_->qpos[j];
    return;
  }
  ++recoveries_;
  mj_resetData(model_.get(), data_.get());
  for (int j = 0; j < envs::pr2_joints; ++j) data_->qpos[j] = last_good_q_[j];
  mj_forward(model_.get(), data_.get());
}

}  // namespace amb::hw
