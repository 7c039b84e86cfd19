#include "apps/run_policy.hpp"

#include <filesystem>

#include "actors/param_checkpoint.hpp"
#include "actors/parameter_exchange.hpp"
#include "apps/learner_configs.hpp"
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

}  // namespace amb::apps
