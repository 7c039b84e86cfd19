// Every registered environment on real MuJoCo physics.
#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <stdexcept>

#include "envs/mujoco_env.hpp"
#include "envs/pr2_tasks.hpp"
#include "envs/registry.hpp"

using namespace amb::envs;

namespace {

struct expected_dims {
  const char* name;
  int obs_dim;
  int act_dim;
};

constexpr expected_dims all_envs[] = {
    {"half_cheetah", 17, 6}, {"hopper", 11, 3},
    {"walker2d", 17, 6},     {"ant", 27, 8},
    {"reacher", 10, 2},      {"pr2_reach", 23, 7},
    {"pr2_insert", 23, 7},   {"pr2_stack", 23, 7},
    {"cartpole", 5, 1},      {"reacher_single_target", 10, 2},
    {"reacher3", 13, 3},     {"reacher3_single_target", 13, 3},
};

std::vector<float> random_action(const env_info& info, std::mt19937_64& rng) {
  std::vector<float> a(info.act_dim);
  for (int i = 0; i < info.act_dim; ++i)
    a[i] = std::uniform_real_distribution<float>(info.act_low[i], info.act_high[i])(rng);
  return a;
}

mujoco_env& as_mujoco(environment& env) {
  auto* m = dynamic_cast<mujoco_env*>(&env);
  REQUIRE(m != nullptr);
  return *m;
}

// Reward of one zero-action step taken from a state given as (qpos, qvel).
float reward_from(mujoco_env& env, std::vector<double> qpos, std::vector<double> qvel) {
  env.set_state(qpos, qvel);
  return env.step(std::vector<float>(env.info().act_dim, 0.0f)).reward;
}

std::vector<double> qpos_of(const mujoco_env& env) {
  return {env.data()->qpos, env.data()->qpos + env.model()->nq};
}

}  // namespace

TEST_CASE("the registry lists every environment with its dimensions") {
  CHECK(env_names().size() == std::size(all_envs));
  for (const auto& e : all_envs) {
    CAPTURE(e.name);
    auto env = make_env(e.name);
    CHECK(env->info().name == e.name);
    CHECK(env->info().obs_dim == e.obs_dim);
    CHECK(env->info().act_dim == e.act_dim);
    CHECK(env->info().horizon > 0);
    CHECK(env->info().control_period > 0);
    CHECK(env->reset(1).size() == size_t(e.obs_dim));
  }
  CHECK_THROWS_WITH_AS(make_env("cheetah"), doctest::Contains("valid: half_cheetah"),
                       std::invalid_argument);
}

TEST_CASE(
    "every environment runs a full random episode: finite, truncated at its horizon, no MuJoCo "
    "warning") {
  for (const auto& e : all_envs) {
    CAPTURE(e.name);
    auto env = make_env(e.name);
    std::mt19937_64 rng(3);
    clear_mujoco_warning();
    env->reset(3);
    step_result r;
    int steps = 0;
    do {
      r = env->step(random_action(env->info(), rng));
      ++steps;
      CHECK(std::isfinite(r.reward));
      for (float x : r.observation) REQUIRE(std::isfinite(x));
    } while (!r.truncated && !r.terminated);
    CHECK(steps == env->info().horizon);
    CHECK(last_mujoco_warning().empty());
  }
}

TEST_CASE("the same seed gives the same episode, another seed another one") {
  for (const auto& e : all_envs) {
    CAPTURE(e.name);
    auto run = [&](uint64_t seed) {
      auto env = make_env(e.name);
      std::mt19937_64 rng(seed);
      std::vector<float> trace = env->reset(seed);
      for (int t = 0; t < 20; ++t) {
        auto r = env->step(random_action(env->info(), rng));
        trace.insert(trace.end(), r.observation.begin(), r.observation.end());
        trace.push_back(r.reward);
      }
      return trace;
    };
    CHECK(run(4) == run(4));
    CHECK(run(4) != run(5));
  }
}

TEST_CASE("a step's reward equals the batched reward function on the same transition") {
  for (const auto& e : all_envs) {
    CAPTURE(e.name);
    auto env = make_env(e.name);
    std::mt19937_64 rng(9);
    auto obs = env->reset(9);
    auto action = random_action(env->info(), rng);
    auto r = env->step(action);
    float batched = 0;
    env->reward_batch(obs.data(), action.data(), r.observation.data(), 1, &batched);
    CHECK(batched == doctest::Approx(r.reward).epsilon(1e-6));
  }
}

TEST_CASE("locomotion: moving forward scores more than standing still") {
  for (const char* name : {"half_cheetah", "hopper", "walker2d", "ant"}) {
    CAPTURE(name);
    auto env = make_env(name);
    auto& m = as_mujoco(*env);
    env->reset(0);
    const auto qpos = qpos_of(m);
    std::vector<double> still(m.model()->nv, 0.0), forward = still;
    forward[0] = 1.0;  // the root's x velocity, m/s
    const float standing = reward_from(m, qpos, still);
    const float moving = reward_from(m, qpos, forward);
    CHECK(moving > standing + 0.5f);
  }
}

TEST_CASE("the upright height bonus: hopper and walker2d score less when the torso has dropped") {
  for (const char* name : {"hopper", "walker2d"}) {
    CAPTURE(name);
    auto env = make_env(name);
    auto& m = as_mujoco(*env);
    env->reset(0);
    auto upright = qpos_of(m);
    upright[1] = 1.3;  // the target height
    auto dropped = upright;
    dropped[1] = 0.8;
    std::vector<double> still(m.model()->nv, 0.0);
    CHECK(reward_from(m, upright, still) > reward_from(m, dropped, still));
  }
}

TEST_CASE("arm tasks: being at the target scores more than being away from it") {
  SUBCASE("reacher") {
    auto env = make_env("reacher");
    auto& m = as_mujoco(*env);
    env->reset(2);
    std::vector<double> qvel(m.model()->nv, 0.0);
    // Arm stretched along x puts the fingertip at (0.21, 0); a target there and one far off.
    CHECK(reward_from(m, {0, 0, 0.21, 0}, qvel) > reward_from(m, {0, 0, -0.2, 0.05}, qvel) + 0.2f);
  }
  SUBCASE("reacher3") {
    auto env = make_env("reacher3");
    auto& m = as_mujoco(*env);
    env->reset(2);
    std::vector<double> qvel(m.model()->nv, 0.0);
    // Stretched along x the fingertip is at (0.21, 0); folded at the elbow, (0.08 - 0.13, 0).
    const auto stretched = m.set_state({0, 0, 0, 0.21, 0}, qvel);
    CHECK(std::hypot(stretched[11], stretched[12]) < 1e-3f);
    const auto folded = m.set_state({0, M_PI, 0, 0.21, 0}, qvel);
    CHECK(folded[11] == doctest::Approx(0.08 - 0.13 - 0.21).epsilon(1e-3));
    CHECK(reward_from(m, {0, 0, 0, 0.21, 0}, qvel) >
          reward_from(m, {0, 0, 0, -0.2, 0.05}, qvel) + 0.2f);
  }
  SUBCASE("pr2_reach") {
    auto env = make_env("pr2_reach");
    auto& m = as_mujoco(*env);
    env->reset(2);
    const auto start = qpos_of(m);
    std::vector<double> qvel(m.model()->nv, 0.0);
    // At reset the points are away from the target; the observation says how far.
    auto obs = m.set_state(start, qvel);
    float d2 = 0;
    for (int i = 14; i < 23; ++i) d2 += obs[i] * obs[i];
    CHECK(d2 > 1e-4f);
    const float away = reward_from(m, start, qvel);
    // Search the target pose: the one whose observation puts every point at the origin is the
    // one the reward must prefer. Stepping joint by joint towards lower d^2 finds a better pose.
    auto pose = start;
    float best = d2;
    for (int sweep = 0; sweep < 40; ++sweep)
      for (int j = 0; j < 7; ++j)
        for (double delta : {0.02, -0.02}) {
          auto trial = pose;
          trial[j] += delta;
          auto o = m.set_state(trial, qvel);
          float dd = 0;
          for (int i = 14; i < 23; ++i) dd += o[i] * o[i];
          if (dd < best) best = dd, pose = trial;
        }
    CHECK(best < d2 / 4);
    CHECK(reward_from(m, pose, qvel) > away);
  }
}

TEST_CASE("the single-target reachers put their target at one place, the reachers anywhere") {
  // The target's x and y sit after the joints' cos and sin.
  for (const auto& [name, target] : {std::pair{"reacher", 4}, std::pair{"reacher3", 6}}) {
    CAPTURE(name);
    auto single = make_env(std::string(name) + "_single_target");
    auto reacher = make_env(name);
    for (uint64_t seed : {1u, 2u, 3u}) {
      const auto obs = single->reset(seed);
      CHECK(obs[target] == doctest::Approx(0.1));
      CHECK(obs[target + 1] == doctest::Approx(0.1));
    }
    CHECK(reacher->reset(1)[target] != reacher->reset(2)[target]);
  }
}

TEST_CASE("cartpole: the pole starts hanging down, and balanced upright scores most") {
  auto env = make_env("cartpole");
  auto& m = as_mujoco(*env);
  const auto start = env->reset(3);
  CHECK(start[1] < -0.99f);  // cos of the angle: hanging
  const std::vector<double> still{0, 0};
  const float upright = reward_from(m, {0, 0}, still);
  CHECK(upright > 0.9f);
  CHECK(reward_from(m, {0, M_PI}, still) < -0.9f);
  CHECK(reward_from(m, {1.0, 0}, still) < upright - 0.05f);  // off centre
  // A balanced pole falls without control: the swing-up task is not solved by doing nothing.
  env->reset(3);
  m.set_state({0, 0.05}, still);
  float last = 0;
  for (int t = 0; t < 40; ++t) last = env->step({0.0f}).reward;
  CHECK(last < 0.5f);
}

TEST_CASE("PR2 insert and stack: the object meets its fixture at the target, not at the start") {
  for (const char* name : {"pr2_insert", "pr2_stack"}) {
    CAPTURE(name);
    auto env = make_env(name);
    auto& m = as_mujoco(*env);
    env->reset(0);
    CHECK(m.data()->ncon == 0);  // free to move at the start
    const auto& task = pr2_task_named(std::string(name).substr(4));
    std::vector<double> target(task.target_pose.begin(), task.target_pose.end());
    std::vector<double> qvel(m.model()->nv, 0.0);
    auto obs = m.set_state(target, qvel);
    CHECK(pr2_point_distance(obs.data()) < 1e-6);  // the points are home at the target pose
    CHECK(m.data()->ncon == 0);                    // the object fits: no penetration
    // Moving one joint a little from the target pushes the object into the hole's walls or the
    // base: the fixture is a body, not a picture.
    int touching = 0;
    for (int j = 0; j < 4; ++j)
      for (double delta : {0.08, -0.08}) {
        auto pose = target;
        pose[j] += delta;
        m.set_state(pose, qvel);
        touching += m.data()->ncon > 0;
      }
    CHECK(touching > 0);
  }
}

TEST_CASE("wrong actions are refused with the reason") {
  auto env = make_env("half_cheetah");
  env->reset(0);
  CHECK_THROWS_WITH_AS(env->step({1.0f, 2.0f}), doctest::Contains("expected 6"),
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(env->step(std::vector<float>(6, std::nanf(""))), doctest::Contains("NaN"),
                       std::invalid_argument);
}

TEST_CASE("a broken model is our error with MuJoCo's message, not an abort") {
  CHECK_THROWS_WITH_AS(
      load_model_from_text("<mujoco><worldbody><geom type=\"sphere\"/></worldbody>"),
      doctest::Contains("MuJoCo"), std::runtime_error);
  CHECK_THROWS_WITH_AS(
      load_model_from_text(
          "<mujoco><worldbody><body><joint type=\"spin\"/></body></worldbody></mujoco>"),
      doctest::Contains("MuJoCo"), std::runtime_error);
  auto tiny = load_model_from_text(
      "<mujoco><worldbody><body><joint type=\"slide\"/><geom type=\"sphere\" "
      "size=\"0.1\"/></body></worldbody></mujoco>");
  CHECK(tiny->nq == 1);
}
