#include "learners/registry.hpp"

#include <deque>
#include <stdexcept>
#include <utility>

#include "learners/maac/maac.hpp"
#include "learners/mb_mpo/mb_mpo.hpp"
#include "learners/naf/naf.hpp"
#include "learners/policy_gradient/policy_gradient.hpp"
#include "learners/random/initial_policy.hpp"

namespace amb::learners {

namespace {

using policy_gradient::path_source;
using policy_gradient::policy_gradient_algorithm;
using policy_gradient::update_kind;

// Adding an algorithm: one folder learners/<name>/ and one line here (MJPC's planner list).
// The first line is the default algorithm.
// A deque: entries added later never move those already handed out.
std::deque<std::pair<std::string, algorithm>>& registry() {
  static std::deque<std::pair<std::string, algorithm>> entries = {
      {"me_trpo",
       policy_gradient_algorithm(path_source::imagined, update_kind::trpo,
                                 "ME-TRPO: TRPO on paths imagined in a learnt ensemble")},
      {"me_ppo", policy_gradient_algorithm(path_source::imagined, update_kind::ppo,
                                           "ME-PPO: PPO on paths imagined in a learnt ensemble")},
      {"mb_mpo", mb_mpo::mb_mpo_algorithm(
                     "MB-MPO: TRPO meta-steps of a policy that adapts to each ensemble member")},
      {"maac", maac::maac_algorithm("MAAC: a soft actor-critic whose actor backpropagates H "
                                    "steps through a probabilistic ensemble")},
      {"naf", naf::naf_algorithm("NAF: Q-learning with normalised advantages, imagining rollouts "
                                 "through local linear models refitted every few episodes")},
      {"trpo", policy_gradient_algorithm(path_source::real, update_kind::trpo,
                                         "model-free TRPO on the collectors' paths")},
      {"ppo", policy_gradient_algorithm(path_source::real, update_kind::ppo,
                                        "model-free PPO on the collectors' paths")},
      {"random", random::initial_policy_algorithm("no learning: collectors act with θ v1")},
  };
  return entries;
}

}  // namespace

const algorithm& find_algorithm(const std::string& name) {
  for (const auto& [entry_name, entry] : registry())
    if (entry_name == name) return entry;
  throw config::config_error("algorithm: " +
                             config::one_of{"algorithm", algorithm_names()}.refusal(name));
}

std::string default_algorithm() {
  return registry().front().first;
}

void add_algorithm(const std::string& name, algorithm entry) {
  for (const auto& registered : algorithm_names())
    if (registered == name)
      throw std::invalid_argument("algorithm '" + name + "' is registered already");
  registry().emplace_back(name, std::move(entry));
}

std::vector<std::string> algorithm_names() {
  std::vector<std::string> names;
  for (const auto& entry : registry()) names.push_back(entry.first);
  return names;
}

}  // namespace amb::learners
