#include "envs/pr2_tasks.hpp"

#include <ATen/ATen.h>

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "envs/assets.hpp"
#include "envs/torch_terms.hpp"

namespace amb::envs {

namespace {

constexpr float distance_weight = 1.0f;  // w
constexpr float log_weight = 1.0f;       // v
constexpr float log_offset = 1e-5f;      // alpha
constexpr float velocity_cost = 1e-3f;
constexpr float torque_cost = 1e-4f;

// A comfortable pose in front of the robot, inside every joint range (rad).
constexpr pr2_pose start_pose = {0.5, 0.3, 1.5, -1.0, 0.0, -0.5, 0.0};

// Objects and fixtures collide with each other only (class task_contact of pr2_arm.xml); the
// arm's own geoms do not collide at all, as in the paper's simulated arm.
const pr2_object tool_points = {{0.18, 0, 0}, {0, 0, 0}, {{{0, 0, 0}, {0, 0.05, 0}, {0, 0, 0.05}}}};

// A square peg 12 cm long held by the fingers; points: tip, base, and one off the axis for roll.
const pr2_object peg = {
    {0.2, 0, 0}, {0.06, 0.015, 0.015}, {{{0.06, 0, 0}, {-0.06, 0, 0}, {0, 0.05, 0}}}};

// A block with a square hole 6 cm deep along the peg's axis, 5 mm of clearance a side: the peg
// is in when its tip touches the bottom.
const char* const insert_fixture = R"(
    <geom type="box" pos="0.031 0.06 0" size="0.031 0.04 0.1" class="task_contact"/>
    <geom type="box" pos="0.031 -0.06 0" size="0.031 0.04 0.1" class="task_contact"/>
    <geom type="box" pos="0.031 0 0.06" size="0.031 0.02 0.04" class="task_contact"/>
    <geom type="box" pos="0.031 0 -0.06" size="0.031 0.02 0.04" class="task_contact"/>
    <geom type="box" pos="0.082 0 0" size="0.02 0.1 0.1" class="task_contact"/>)";

// A 6 cm block past the fingers; points: the centre of its bottom face and two face centres.
const pr2_object block = {
    {0.21, 0, 0}, {0.03, 0.03, 0.03}, {{{0, 0, -0.03}, {0.03, 0, 0}, {0, 0.03, 0}}}};

// The base the block must sit on, 1 mm under its place.
const char* const stack_fixture = R"(
    <geom type="box" pos="0 0 -0.071" size="0.05 0.05 0.04" class="task_contact"/>)";

const std::vector<pr2_task>& tasks() {
  static const std::vector<pr2_task> all = {
      {"reach", start_pose, {0.1, 0.1, 1.3, -0.5, 0.0, -0.3, 0.0}, tool_points, ""},
      {"insert", start_pose, {0.3, 0.5, 1.5, -1.6, 0.0, -0.4, 0.0}, peg, insert_fixture},
      {"stack", start_pose, {0.7, 0.6, 1.6, -1.3, 0.0, -0.8, 0.0}, block, stack_fixture},
  };
  return all;
}

std::string replace_marker(std::string xml, const std::string& marker, const std::string& with) {
  const auto at = xml.find(marker);
  if (at == std::string::npos)
    throw std::logic_error("pr2_arm.xml has no '" + marker + "' comment to put a task part at");
  return xml.replace(at, marker.size(), with);
}

std::string triple(const std::array<double, 3>& v) {
  std::ostringstream text;
  text << v[0] << ' ' << v[1] << ' ' << v[2];
  return text.str();
}

// The object as an MJCF body on the wrist roll link: its box (if any) and its three sites.
std::string object_xml(const pr2_object& object) {
  std::ostringstream xml;
  xml << "<body name=\"object\" pos=\"" << triple(object.offset) << "\">";
  if (object.half_size[0] > 0)
    xml << "<geom type=\"box\" size=\"" << triple(object.half_size)
        << "\" mass=\"0.1\" class=\"task_contact\" rgba=\"0.8 0.5 0.2 1\"/>";
  for (int p = 0; p < pr2_points; ++p)
    xml << "<site name=\"ee_point_" << p << "\" pos=\"" << triple(object.points[p])
        << "\" size=\"0.01\"/>";
  xml << "</body>";
  return xml.str();
}

std::string arm_with_object(const pr2_task& task) {
  return replace_marker(
      embedded_assets().at("pr2_arm.xml"),
      "<!-- object: the task's object and its three points (envs/pr2_tasks.cpp) -->",
      object_xml(task.object));
}

const char* const fixture_marker =
    "<!-- fixture: the task's hole or base, placed where the object is at the target pose -->";

void set_pose(const mjModel* m, mjData* d, const double* q) {
  for (int i = 0; i < pr2_joints; ++i) d->qpos[i] = q[i];
  mj_kinematics(m, d);
}

}  // namespace

const pr2_task& pr2_task_named(const std::string& name) {
  for (const auto& task : tasks())
    if (task.name == name) return task;
  std::string valid;
  for (const auto& task : tasks()) valid += (valid.empty() ? "" : ", ") + task.name;
  throw std::invalid_argument("unknown PR2 task '" + name + "'; valid: " + valid);
}

std::vector<std::string> pr2_task_names() {
  std::vector<std::string> names;
  for (const auto& task : tasks()) names.push_back(task.name);
  return names;
}

model_ptr load_pr2_scene(const pr2_task& task) {
  const std::string with_object = arm_with_object(task);
  if (task.fixture_xml.empty())
    return load_model_from_text(replace_marker(with_object, fixture_marker, ""));
  // The fixture goes where the object is at the target pose: forward kinematics of the arm
  // holding it tells where that is.
  auto arm = load_model_from_text(replace_marker(with_object, fixture_marker, ""));
  data_ptr data(mj_makeData(arm.get()));
  set_pose(arm.get(), data.get(), task.target_pose.data());
  const int object = mj_name2id(arm.get(), mjOBJ_BODY, "object");
  std::ostringstream fixture;
  fixture.precision(17);
  fixture << "<body name=\"fixture\" pos=\"" << data->xpos[3 * object] << ' '
          << data->xpos[3 * object + 1] << ' ' << data->xpos[3 * object + 2] << "\" quat=\""
          << data->xquat[4 * object] << ' ' << data->xquat[4 * object + 1] << ' '
          << data->xquat[4 * object + 2] << ' ' << data->xquat[4 * object + 3] << "\">"
          << task.fixture_xml << "</body>";
  return load_model_from_text(replace_marker(with_object, fixture_marker, fixture.str()));
}

pr2_kinematics::pr2_kinematics(const pr2_task& task)
    : model_(load_pr2_scene(task)), data_(mj_makeData(model_.get())) {
  for (int p = 0; p < pr2_points; ++p)
    sites_[p] = mj_name2id(model_.get(), mjOBJ_SITE, ("ee_point_" + std::to_string(p)).c_str());
  points_at(task.target_pose.data(), targets_.data());
}

void pr2_kinematics::points_at(const double* q, double* out) {
  set_pose(model_.get(), data_.get(), q);
  for (int p = 0; p < pr2_points; ++p)
    for (int k = 0; k < 3; ++k) out[3 * p + k] = data_->site_xpos[3 * sites_[p] + k];
}

void pr2_kinematics::observe(const double* q, const double* qdot, float* out) {
  std::array<double, 3 * pr2_points> points{};
  points_at(q, points.data());
  for (int i = 0; i < pr2_joints; ++i) out[i] = static_cast<float>(q[i]);
  for (int i = 0; i < pr2_joints; ++i) out[pr2_joints + i] = static_cast<float>(qdot[i]);
  for (int i = 0; i < 3 * pr2_points; ++i)
    out[pr2_points_offset + i] = static_cast<float>(points[i] - targets_[i]);
}

env_info pr2_env_info(const pr2_task& task, const mjModel* scene, int horizon) {
  env_info info{"pr2_" + task.name,
                pr2_obs_dim,
                pr2_joints,
                pr2_control_period,
                horizon > 0 ? horizon : pr2_horizon,
                {},
                {}};
  for (int i = 0; i < scene->nu; ++i) {
    info.act_low.push_back(static_cast<float>(scene->actuator_ctrlrange[2 * i]));
    info.act_high.push_back(static_cast<float>(scene->actuator_ctrlrange[2 * i + 1]));
  }
  return info;
}

void pr2_reward_batch(const env_info& info, const float* act, const float* next_obs, size_t n,
                      float* out) {
  for (size_t b = 0; b < n; ++b) {
    const float* next = next_obs + b * pr2_obs_dim;
    const float* u = act + b * info.act_dim;
    float d2 = 0;
    for (int i = 0; i < 3 * pr2_points; ++i)
      d2 += next[pr2_points_offset + i] * next[pr2_points_offset + i];
    float qdot2 = 0;
    for (int i = 0; i < pr2_joints; ++i) qdot2 += next[pr2_joints + i] * next[pr2_joints + i];
    const float u2 = clipped_action_norm2(info, u);
    out[b] = -distance_weight * d2 - log_weight * std::log(d2 + log_offset) -
             velocity_cost * qdot2 - torque_cost * u2;
  }
}

at::Tensor pr2_reward_tensor(const env_info& info, const at::Tensor& act,
                             const at::Tensor& next_obs) {
  const auto d2 =
      next_obs.slice(1, pr2_points_offset, pr2_points_offset + 3 * pr2_points).pow(2).sum(1);
  const auto qdot2 = next_obs.slice(1, pr2_joints, 2 * pr2_joints).pow(2).sum(1);
  return -distance_weight * d2 - log_weight * at::log(d2 + log_offset) - velocity_cost * qdot2 -
         torque_cost * clipped_action_norm2(info, act);
}

double pr2_point_distance(const float* obs) {
  double sum = 0;
  for (int p = 0; p < pr2_points; ++p) {
    const float* point = obs + pr2_points_offset + 3 * p;
    sum += std::sqrt(double(point[0]) * point[0] + double(point[1]) * point[1] +
                     double(point[2]) * point[2]);
  }
  return sum / pr2_points;
}

}  // namespace amb::envs
