#include "apps/run_policy.hpp"

#include <filesystem>
#include <iostream>

#include "actors/param_checkpoint.hpp"
#include "actors/parameter_exchange.hpp"
#include "apps/command_line.hpp"
#include "apps/learner_configs.hpp"
#include "apps/worker_specs.hpp"
#include "learners/compute_threads.hpp"

namespace amb::apps {

namespace fs = std::filesystem;

run_config config_of_run(const std::string& run_dir) {
  const auto params = fs::path(run_dir) / "params.json";
  if (!fs::exists(params)) throw config_error(run_dir + ": no run there (no params.json)");
  return resolve_run_config(read_json_file(params.string()), {});
}

checkpointed_policy evaluation_policy_of(const std::string& run_dir, const run_config& config,
                                         const std::string& checkpoint) {
  checkpointed_policy out;
  out.checkpoint = checkpoint.empty()
                       ? (fs::path(run_dir) / "checkpoint" / "policy.params").string()
                       : checkpoint;
  const auto theta = actors::read_param_checkpoint(out.checkpoint, "policy", config.algorithm);
  if (!theta) throw config_error(out.checkpoint + ": no such checkpoint");
  if (theta->version == 0)
    throw config_error(out.checkpoint +
                       ": holds no θ yet (version 0: the run pushed none before it)");
  learners::set_compute_threads(1);  // the same numbers every time
  out.policy = algorithm_of(config).make_acting_policy(learner_context_of(config),
                                                       learners::acting_mode::evaluate);
  out.policy->load_parameters(actors::view_of(*theta));
  out.version = theta->version;
  return out;
}

uint64_t rollout_source::first_seed(const run_config& config) const {
  return seed_option && seed_option->count() > 0 ? seed : evaluator_seed(config);
}

void add_rollout_source_options(CLI::App& command, rollout_source& source) {
  command
      .add_option("--checkpoint", source.checkpoint,
                  "a θ checkpoint of the run's algorithm (default: "
                  "RUN_DIR/checkpoint/policy.params)")
      ->type_name("FILE");
  source.seed_option =
      command
          .add_option("--seed", source.seed,
                      "episode e starts from reset(S + e) (default: the run's evaluator's seed)")
          ->type_name("S")
          ->check(within(0, 1.8e19, /*whole=*/true));
}

bool loaded_or_reported(const std::string& command, const std::function<void()>& load) {
  try {
    load();
    return true;
  } catch (const config_error& e) {
    std::cerr << "amb " << command << ": " << e.what() << "\n";
  } catch (const actors::store_error& e) {
    std::cerr << "amb " << command << ": " << e.what() << "\n";
  }
  return false;
}

}  // namespace amb::apps
