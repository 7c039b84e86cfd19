// MB-MPO's pieces on problems whose answers are known: the meta-gradient through the inner step,
// the first-order switch, the inner step's effect in each member's world, the tasks' members,
// and the acting policy that collects with the adapted policies.
#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "envs/registry.hpp"
#include "envs/torch_terms.hpp"
#include "learners/gaussian_fisher.hpp"
#include "learners/gaussian_mlp_module.hpp"
#include "learners/imagined_world.hpp"
#include "learners/mb_mpo/adaptation.hpp"
#include "learners/mb_mpo/adapted_acting_policy.hpp"
#include "learners/mb_mpo/adapted_policies.hpp"
#include "learners/mb_mpo/task_rollouts.hpp"
#include "learners/registry.hpp"
#include "tests/torch_doctest.hpp"

using namespace amb;
using namespace amb::learners;
using namespace amb::learners::mb_mpo;

namespace {

// A linear-Gaussian policy a ~ N(W s + b, exp(log_std)^2) in double precision, with a quadratic
// reward -|a - K s|^2 whose best policy is W = K: a problem whose meta-objective is smooth, so
// that central differences of it are accurate to about 1e-9.
struct linear_gaussian_problem {
  static constexpr int obs_dim = 3, act_dim = 2, samples = 64;
  std::vector<torch::Tensor> theta;
  torch::Tensor gain;  // K
  at::Generator generator = at::detail::createCPUGenerator(17);

  linear_gaussian_problem() {
    const auto options = torch::kFloat64;
    theta = {0.3 * torch::randn({act_dim, obs_dim}, generator, options),
             0.1 * torch::randn({act_dim}, generator, options),
             torch::full({act_dim}, -0.4, options)};
    gain = torch::randn({act_dim, obs_dim}, generator, options);
  }

  // Samples drawn by policy `by`, with their rewards as advantages, centred.
  task_samples draw(const std::vector<torch::Tensor>& by) {
    torch::NoGradGuard no_grad;
    const auto obs = torch::randn({samples, obs_dim}, generator, torch::kFloat64);
    const auto noise = torch::randn({samples, act_dim}, generator, torch::kFloat64);
    const auto act = gaussian_mean(by, obs) + noise * torch::exp(by.back());
    const auto reward = -(act - torch::matmul(obs, gain.t())).pow(2).sum(1);
    return {obs, act, reward - reward.mean(), gaussian_log_prob(by, obs, act)};
  }
};

std::vector<torch::Tensor> recording(const std::vector<torch::Tensor>& theta) {
  std::vector<torch::Tensor> leaves;
  for (const auto& t : theta) leaves.push_back(t.detach().clone().requires_grad_());
  return leaves;
}

// The meta-objective's gradient with respect to θ: the post-adaptation surrogate through θ'.
std::vector<torch::Tensor> meta_gradient(const std::vector<torch::Tensor>& theta,
                                         const task_samples& pre, const task_samples& post,
                                         double inner_lr, meta_gradient_order order) {
  const auto leaves = recording(theta);
  const auto adapted = adapt(leaves, {pre}, inner_lr, order);
  return torch::autograd::grad({likelihood_ratio_objective(adapted, post)}, leaves);
}

double meta_objective(const std::vector<torch::Tensor>& theta, const task_samples& pre,
                      const task_samples& post, double inner_lr) {
  const auto adapted = adapt(theta, {pre}, inner_lr, meta_gradient_order::exact);
  return likelihood_ratio_objective(adapted, post).item<double>();
}

learner_context reacher_context(uint64_t seed = 5) {
  return {"mb_mpo", "reacher", envs::make_env("reacher")->info(), nlohmann::json::object(), seed};
}

ensemble_config small_model(int members) {
  ensemble_config model;
  model.members = members;
  model.hidden = {32, 32};
  return model;
}

// φ of a freshly drawn ensemble (members that differ from one another) whose normalisers are
// fitted to real reacher transitions under random actions, so that its worlds move about as far
// a step as the reacher does.
parameter_set drawn_model(const learner_context& context, int members) {
  ensemble_network model(context.info.obs_dim, context.info.act_dim, small_model(members),
                         context.seed);
  auto env = envs::make_env("reacher");
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<float> uniform(-1, 1);
  std::vector<torch::Tensor> inputs, changes;
  for (int e = 0; e < 10; ++e) {
    auto obs = env->reset(uint64_t(e));
    for (int t = 0; t < 50; ++t) {
      std::vector<float> action(size_t(context.info.act_dim));
      for (auto& a : action) a = uniform(rng);
      const auto result = env->step(action);
      const auto before = torch::tensor(obs), after = torch::tensor(result.observation);
      inputs.push_back(torch::cat({before, torch::tensor(action)}));
      changes.push_back(after - before);
      obs = result.observation;
    }
  }
  model->fit_normalisers(torch::stack(inputs), torch::stack(changes));
  return parameter_set_of(model->sections());
}

// A world of the model φ whose start states are the reacher's real reset states.
imagined_world ready_world(const learner_context& context, const parameter_set& phi, int members) {
  imagined_world world(context, small_model(members));
  world.load_model(view_of(phi));
  auto env = envs::make_env("reacher");
  std::vector<float> states;
  for (int e = 0; e < 20; ++e) {
    const auto s = env->reset(uint64_t(e));
    states.insert(states.end(), s.begin(), s.end());
  }
  const std::vector<float> none;
  world.add_episode({states.data(), none.data(), none.data(), 19, false});
  return world;
}

}  // namespace

TEST_CASE("the exact meta-gradient matches central differences of the meta-objective") {
  linear_gaussian_problem problem;
  // A large inner step, so that the second-order term is far above the differences' error.
  const double inner_lr = 0.2;
  const auto pre = problem.draw(problem.theta);
  const auto post = problem.draw(adapt(problem.theta, {pre}, inner_lr, meta_gradient_order::exact));
  const auto exact = meta_gradient(problem.theta, pre, post, inner_lr, meta_gradient_order::exact);
  const auto first_order =
      meta_gradient(problem.theta, pre, post, inner_lr, meta_gradient_order::first_order);
  const double h = 1e-5;
  double largest_error = 0, largest_first_order_error = 0;
  for (size_t p = 0; p < problem.theta.size(); ++p)
    for (int64_t i = 0; i < problem.theta[p].numel(); ++i) {
      std::vector<torch::Tensor> plus, minus;
      for (const auto& t : problem.theta) {
        plus.push_back(t.clone());
        minus.push_back(t.clone());
      }
      plus[p].view(-1)[i] += h;
      minus[p].view(-1)[i] -= h;
      const double difference =
          (meta_objective(plus, pre, post, inner_lr) - meta_objective(minus, pre, post, inner_lr)) /
          (2 * h);
      largest_error =
          std::max(largest_error, std::abs(exact[p].view(-1)[i].item<double>() - difference));
      largest_first_order_error =
          std::max(largest_first_order_error,
                   std::abs(first_order[p].view(-1)[i].item<double>() - difference));
    }
  INFO("exact error " << largest_error << ", first-order error " << largest_first_order_error);
  CHECK(largest_error < 1e-6);
  // The second-order term is what the exact gradient has and the first-order one lacks.
  CHECK(largest_first_order_error > 1e-3);
}

TEST_CASE("the first-order switch drops exactly the second-order term") {
  linear_gaussian_problem problem;
  const double inner_lr = 0.05;
  const auto pre = problem.draw(problem.theta);
  const auto adapted = adapt(problem.theta, {pre}, inner_lr, meta_gradient_order::exact);
  const auto post = problem.draw(adapted);
  const auto exact = meta_gradient(problem.theta, pre, post, inner_lr, meta_gradient_order::exact);
  const auto first_order =
      meta_gradient(problem.theta, pre, post, inner_lr, meta_gradient_order::first_order);
  // First order: the outer gradient at θ' itself, dθ'/dθ taken as I.
  const auto at_adapted = recording(adapted);
  const auto outer =
      torch::autograd::grad({likelihood_ratio_objective(at_adapted, post)}, at_adapted);
  // The second-order term: α H v, H the inner objective's Hessian at θ and v that outer
  // gradient, by differentiating the inner gradient's product with v.
  const auto leaves = recording(problem.theta);
  const auto inner =
      torch::autograd::grad({likelihood_ratio_objective(leaves, pre)}, leaves, {}, true, true);
  auto inner_dot_outer = torch::zeros({}, torch::kFloat64);
  for (size_t p = 0; p < leaves.size(); ++p)
    inner_dot_outer = inner_dot_outer + (inner[p] * outer[p]).sum();
  const auto hessian_outer = torch::autograd::grad({inner_dot_outer}, leaves);
  for (size_t p = 0; p < leaves.size(); ++p) {
    CHECK(torch::allclose(first_order[p], outer[p], 1e-12, 1e-12));
    CHECK(torch::allclose(exact[p] - first_order[p], inner_lr * hessian_outer[p], 1e-9, 1e-12));
    CHECK(hessian_outer[p].abs().max().item<double>() > 1e-3);  // a term there is to drop
  }
}

TEST_CASE("one inner step improves every member's imagined return") {
  const int members = 3, rollouts = 400, horizon = 20;
  const auto context = reacher_context();
  const auto phi = drawn_model(context, members);
  auto world = ready_world(context, phi, members);
  gaussian_mlp_module policy(context.info.obs_dim, context.info.act_dim, policy_config{}, 7);
  const auto theta = policy->ordered_parameters();
  // Task k is member k's world: rollouts with θ, then θ'_k from its samples.
  const std::vector<std::vector<torch::Tensor>> unadapted_thetas(members, theta);
  const auto paths = task_rollouts(world, unadapted_thetas, rollouts, horizon);
  std::vector<std::vector<torch::Tensor>> adapted_thetas;
  for (int k = 0; k < members; ++k)
    adapted_thetas.push_back(
        adapt(theta, {samples_of(task_paths(paths, k, rollouts), theta, advantage_config{})}, 1e-3,
              meta_gradient_order::exact));
  // The same model, start states and noise for both, from twin worlds with a stream of their
  // own: the returns differ only by the policies.
  auto before_world = ready_world(reacher_context(9), phi, members);
  auto after_world = ready_world(reacher_context(9), phi, members);
  const auto before = task_rollouts(before_world, unadapted_thetas, 2000, horizon);
  const auto after = task_rollouts(after_world, adapted_thetas, 2000, horizon);
  for (int k = 0; k < members; ++k) {
    const double old_return = task_paths(before, k, 2000).rewards.sum(1).mean().item<double>();
    const double new_return = task_paths(after, k, 2000).rewards.sum(1).mean().item<double>();
    INFO("member " << k << ": " << old_return << " -> " << new_return);
    CHECK(new_return > old_return);
  }
}

TEST_CASE("each task's rollouts go through its own member only") {
  const int members = 3, tasks = 6, rollouts = 4, horizon = 5;
  const auto context = reacher_context();
  auto world = ready_world(context, drawn_model(context, members), members);
  gaussian_mlp_module policy(context.info.obs_dim, context.info.act_dim, policy_config{}, 7);
  const std::vector<std::vector<torch::Tensor>> thetas(tasks, policy->ordered_parameters());
  const auto paths = task_rollouts(world, thetas, rollouts, horizon);
  for (int t = 0; t < tasks; ++t) {
    const auto mine = task_paths(paths, t, rollouts);
    for (int k = 0; k < members; ++k) {
      const auto obs = mine.observations.slice(1, 0, -1).reshape({-1, context.info.obs_dim});
      // The paths keep the sampled actions; the model was given them clipped.
      const auto act =
          envs::clipped_actions(context.info, mine.actions.reshape({-1, context.info.act_dim}));
      const auto next = mine.observations.slice(1, 1).reshape({-1, context.info.obs_dim});
      const auto predicted =
          world.model()->predict(obs, act, torch::full({obs.size(0)}, k, torch::kInt64));
      INFO("task " << t << ", member " << k);
      // Every step of the task is its member's prediction, and no step another member's.
      if (k == member_of_task(t, members))
        CHECK(torch::allclose(predicted, next, 1e-5, 1e-5));
      else
        CHECK((predicted - next).abs().amax(1).gt(1e-4).all().item<bool>());
    }
  }
}

TEST_CASE("collectors act with each member's adapted policy in turn, one an episode") {
  const int members = 3;
  const auto context = reacher_context();
  const policy_config policy;
  // θ whose policy i has output bias i (the meta-policy 0, member k's adapted one k + 1), and a
  // near-zero spread, so that an action says which policy took it.
  auto theta = unadapted(
      gaussian_mlp_policy(context.info.obs_dim, context.info.act_dim, policy, context.seed)
          .parameters(),
      members);
  size_t offset = 0;
  for (const auto& section : theta.layout) {
    const auto count = section.count();
    const int index = section.name.rfind("adapted.", 0) == 0 ? section.name[8] - '0' + 1 : 0;
    const bool output_bias = section.name.find("mlp.4.bias") != std::string::npos;
    const bool log_std = section.name.find("log_std") != std::string::npos;
    for (size_t i = 0; i < count; ++i) {
      auto& value = theta.values[offset + i];
      if (output_bias) value = float(index);
      if (log_std) value = -20;
    }
    offset += count;
  }
  auto collector = make_adapted_acting_policy(context, policy, members, acting_mode::explore);
  collector->load_parameters(view_of(theta));
  std::mt19937_64 rng(3);
  const std::vector<float> obs(size_t(context.info.obs_dim), 0.1f);
  std::vector<float> action(size_t(context.info.act_dim));
  std::vector<int> episode_policies;
  for (int episode = 0; episode < 2 * members; ++episode)
    for (int t = 0; t < 3; ++t) {
      collector->act(obs.data(), t, rng, action.data());
      const int acting = int(std::lround(action[0]));
      if (t == 0) episode_policies.push_back(acting);
      CHECK(acting == episode_policies.back());  // one policy through an episode
    }
  for (size_t e = 0; e < episode_policies.size(); ++e) {
    INFO("episode " << e);
    CHECK(episode_policies[e] >= 1);  // an adapted policy, never the meta-policy
    if (e > 0) CHECK(episode_policies[e] == episode_policies[e - 1] % members + 1);
  }
  auto evaluator = make_adapted_acting_policy(context, policy, members, acting_mode::evaluate);
  evaluator->load_parameters(view_of(theta));
  REQUIRE(evaluator->policy_count() == size_t(members + 1));
  for (size_t i = 0; i <= size_t(members); ++i) {
    evaluator->select_policy(i);
    evaluator->act(obs.data(), 0, rng, action.data());
    CHECK(std::lround(action[0]) == long(i));
  }
  // A θ of one policy alone is refused, naming what is missing.
  const auto single =
      gaussian_mlp_policy(context.info.obs_dim, context.info.act_dim, policy, 1).parameters();
  CHECK_THROWS_WITH_AS(collector->load_parameters(view_of(single)), doctest::Contains("MB-MPO θ"),
                       std::invalid_argument);
}

TEST_CASE("MB-MPO refuses fewer tasks than members") {
  const auto& mb_mpo = find_algorithm("mb_mpo");
  auto sections = mb_mpo.settings_defaults();
  sections["policy_learner"]["meta_batch"] = 4;
  CHECK_THROWS_WITH_AS(mb_mpo.check_settings(sections),
                       doctest::Contains("policy_learner.meta_batch: 4 tasks leave members of the "
                                         "5 of model.members without a task"),
                       config::config_error);
  sections["policy_learner"]["meta_batch"] = 7;  // 2, 2, 1, 1, 1 tasks
  CHECK_NOTHROW(mb_mpo.check_settings(sections));
}

TEST_CASE("the outer step's Fisher product J^T F J is the KL's Hessian through the inner step") {
  linear_gaussian_problem problem;
  const double inner_lr = 0.2;
  const auto pre = problem.draw(problem.theta);
  const auto adapted = adapt(problem.theta, {pre}, inner_lr, meta_gradient_order::exact);
  const auto post = problem.draw(adapted);
  const auto adapted_mean = gaussian_mean(adapted, post.obs);
  const auto theta = recording(problem.theta);
  const auto v = torch::randn({int64_t(value_count(theta))}, problem.generator, torch::kFloat64);
  // The Hessian-vector product by differentiating the KL through the inner step twice.
  const auto through = adapt(theta, {pre}, inner_lr, meta_gradient_order::exact);
  const auto kl = mean_gaussian_kl(adapted_mean, adapted.back(), gaussian_mean(through, post.obs),
                                   through.back());
  const auto kl_gradient = flatten(torch::autograd::grad({kl}, theta, {}, true, true));
  const auto expected = flatten(torch::autograd::grad({(kl_gradient * v).sum()}, theta));
  const auto product =
      adapted_fisher_product(theta, adapted, {pre}, inner_lr, meta_gradient_order::exact, post.obs);
  CHECK(torch::allclose(product(v), expected, 1e-9, 1e-12));
  // The first-order product is F' alone, which differs by the inner step's curvature.
  const auto first_order = adapted_fisher_product(theta, adapted, {pre}, inner_lr,
                                                  meta_gradient_order::first_order, post.obs);
  CHECK_FALSE(torch::allclose(first_order(v), expected, 1e-3, 1e-6));
}

TEST_CASE("on every k-th row the Fisher product is the KL's Hessian over those rows, at θ'") {
  linear_gaussian_problem problem;
  const double inner_lr = 0.2;
  const int64_t stride = 4;
  const auto pre = problem.draw(problem.theta);
  const auto adapted = adapt(problem.theta, {pre}, inner_lr, meta_gradient_order::exact);
  const auto post = problem.draw(adapted);
  const auto theta = recording(problem.theta);
  const auto v = torch::randn({int64_t(value_count(theta))}, problem.generator, torch::kFloat64);
  // By definition: the inner step taken on every 4th row, moved to θ' of all the rows, and
  // the KL over every 4th post-adaptation state, differentiated twice.
  const auto pre_rows = every_nth_row(pre, stride);
  const auto post_rows = every_nth_row(post, stride);
  CHECK(pre_rows.obs.size(0) == problem.samples / stride);
  CHECK(torch::equal(pre_rows.act[1], pre.act[stride]));
  auto through = adapt(theta, {pre_rows}, inner_lr, meta_gradient_order::exact);
  for (size_t i = 0; i < through.size(); ++i)
    through[i] = adapted[i] + through[i] - through[i].detach();
  const auto kl = mean_gaussian_kl(gaussian_mean(adapted, post_rows.obs), adapted.back(),
                                   gaussian_mean(through, post_rows.obs), through.back());
  const auto kl_gradient = flatten(torch::autograd::grad({kl}, theta, {}, true, true));
  const auto expected = flatten(torch::autograd::grad({(kl_gradient * v).sum()}, theta));
  const auto product = adapted_fisher_product(theta, adapted, {pre}, inner_lr,
                                              meta_gradient_order::exact, post.obs, stride);
  CHECK(torch::allclose(product(v), expected, 1e-9, 1e-12));
  // An estimate: on all the rows the product is another.
  const auto all_rows =
      adapted_fisher_product(theta, adapted, {pre}, inner_lr, meta_gradient_order::exact, post.obs);
  CHECK_FALSE(torch::allclose(all_rows(v), expected, 1e-3, 1e-6));
  // First order: F' on those states alone.
  const auto first_order = adapted_fisher_product(
      theta, adapted, {pre}, inner_lr, meta_gradient_order::first_order, post.obs, stride);
  CHECK(torch::allclose(first_order(v), gaussian_fisher_product(adapted, post_rows.obs)(v), 1e-12,
                        1e-14));
}
