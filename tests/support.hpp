#pragma once

// Shared helpers of the tests: a registered actor system config, trajectory and blob builders.

#include <caf/actor_system_config.hpp>
#include <caf/io/middleman.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "learners/parameter_set.hpp"
#include "messages/param_blob.hpp"
#include "messages/registration.hpp"
#include "messages/trajectory.hpp"

namespace amb::tests {

/// An actor system config with amb's types, optionally with the network layer.
struct test_config : caf::actor_system_config {
  explicit test_config(bool network = false) {
    messages::register_types(*this);
    if (network) load<caf::io::middleman>();
  }
};

/// A well-formed trajectory whose every value is `fill` (rewards too).
inline messages::trajectory make_trajectory(uint32_t obs_dim, uint32_t act_dim, uint32_t length,
                                            const std::string& source = "test", float fill = 0.5f) {
  messages::trajectory t;
  t.source = source;
  t.obs_dim = obs_dim;
  t.act_dim = act_dim;
  t.length = length;
  std::vector<float> obs((length + 1) * obs_dim, fill), act(length * act_dim, fill),
      rew(length, fill);
  t.observations = messages::shared_bytes::from_floats(obs.data(), obs.size());
  t.actions = messages::shared_bytes::from_floats(act.data(), act.size());
  t.rewards = messages::shared_bytes::from_floats(rew.data(), rew.size());
  t.truncated = true;
  return t;
}

/// The algorithm test blobs and test servers belong to.
inline const std::string test_algorithm = "test";

/// A blob of `values` in one section, "values" [count], of test_algorithm.
inline messages::param_blob make_blob(const std::string& name, uint64_t version,
                                      const std::vector<float>& values,
                                      const std::string& source = "test") {
  return messages::param_blob::make(
      name, source, test_algorithm, version, {{"values", {values.size()}}},
      messages::shared_bytes::from_floats(values.data(), values.size()));
}

/// A blob of a learner's parameters, of test_algorithm.
inline messages::param_blob make_blob(const std::string& name, uint64_t version,
                                      const learners::parameter_set& parameters) {
  const auto& v = parameters.values;
  return messages::param_blob::make(name, "test", test_algorithm, version, parameters.layout,
                                    messages::shared_bytes::from_floats(v.data(), v.size()));
}

}  // namespace amb::tests
