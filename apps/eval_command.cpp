// `amb eval`: a checkpointed θ scored over seeded episodes, with the spread of the returns.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "actors/episode_returns.hpp"
#include "apps/commands.hpp"
#include "apps/run_config.hpp"
#include "apps/run_policy.hpp"
#include "envs/registry.hpp"

namespace amb::apps {

namespace {

constexpr const char* eval_details =
    R"(Acts with the algorithm's evaluation policy (a Gaussian's mean action) in the run's task,
unpaced and simulated, as the run's evaluator does: episode e starts from reset(SEED + e).
The default SEED is the run's evaluator's, so that --episodes equal to evaluation.episodes
gives the evaluator's last row again for the same θ. One LibTorch thread: the same
checkpoint and seed give the same numbers every time. Where θ holds more than one policy,
--policy picks the one scored: MB-MPO's 1 to K are the members' adapted policies, MAAC's 1 is
its planner (CEM over the model and critics, mpc.* of the run's configuration).

Exit codes: 0 scored; 2 bad usage, or no run, no checkpoint or a damaged one (named with its
file and byte offset).)";

struct eval_options {
  std::string run_dir;
  rollout_source source;
  int episodes = 10;
  size_t policy = 0;  // which of the acting policy's policies
  bool as_json = false;
};

int evaluate_checkpoint(const eval_options& options) {
  run_config config;
  checkpointed_policy theta;
  if (!loaded_or_reported("eval", [&] {
        config = config_of_run(options.run_dir);
        theta = evaluation_policy_of(options.run_dir, config, options.source.checkpoint);
      }))
    return 2;
  const size_t policies = theta.policy->policy_count();
  if (options.policy >= policies) {
    std::cerr << "amb eval: --policy " << options.policy << ": θ of " << config.algorithm
              << (policies == 1 ? " has policy 0 only"
                                : " has policies 0 to " + std::to_string(policies - 1))
              << "\n";
    return 2;
  }
  theta.policy->select_policy(options.policy);
  auto env = envs::make_env(config.env.name, {config.env.horizon, 0, ""});
  const uint64_t seed = options.source.first_seed(config);
  const auto returns = actors::episode_returns(*env, *theta.policy, options.episodes, seed);
  const auto spread = actors::spread_of(returns);
  if (options.as_json) {
    std::cout << nlohmann::json{{"run", options.run_dir},
                                {"checkpoint", theta.checkpoint},
                                {"env", config.env.name},
                                {"algorithm", config.algorithm},
                                {"policy_version", theta.version},
                                {"policy", options.policy},
                                {"episodes", spread.episodes},
                                {"seed", seed},
                                {"returns", returns},
                                {"mean", spread.mean},
                                {"std", spread.std},
                                {"min", spread.min},
                                {"max", spread.max}}
                     .dump(2)
              << "\n";
    return 0;
  }
  const std::string which = options.policy == 0 ? ""
                                                : ", " + theta.policy->other_policies_label() +
                                                      " policy " + std::to_string(options.policy);
  std::printf("%s, %s θ v%llu (%s)%s, %d episodes from seed %llu:\n", config.env.name.c_str(),
              config.algorithm.c_str(), static_cast<unsigned long long>(theta.version),
              theta.checkpoint.c_str(), which.c_str(), spread.episodes,
              static_cast<unsigned long long>(seed));
  std::printf("  return mean %.2f  std %.2f  min %.2f  max %.2f\n", spread.mean, spread.std,
              spread.min, spread.max);
  return 0;
}

}  // namespace

void add_eval_command(command_table& table) {
  auto* command = add_command(table.amb, "eval",
                              "Score a run's latest θ (or a given checkpoint) over N seeded "
                              "episodes: mean, standard deviation, min and max of the return",
                              eval_details);
  auto options = std::make_shared<eval_options>();
  command->add_option("RUN_DIR", options->run_dir, "the run folder (its params.json)")->required();
  add_rollout_source_options(*command, options->source);
  command->add_option("--episodes", options->episodes, "how many episodes (default 10)")
      ->type_name("N")
      ->check(within(1, 100000, /*whole=*/true));
  command
      ->add_option("--policy", options->policy,
                   "which of θ's policies to score: 0, the default, is the algorithm's own; "
                   "MB-MPO's 1 to K the members' adapted ones, MAAC's 1 its planner")
      ->type_name("I")
      ->check(within(0, 100000, /*whole=*/true));
  command->add_flag("--json", options->as_json, "print the returns and their spread as JSON");
  table.add(command, [options] { return evaluate_checkpoint(*options); });
}

}  // namespace amb::apps
