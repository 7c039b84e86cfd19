#include "messages/trajectory.hpp"

#include "messages/errors.hpp"

namespace amb::messages {

namespace {

caf::error check_array(const char* name, const shared_bytes& bytes, size_t expected_floats) {
  if (bytes.size() != expected_floats * sizeof(float))
    return make_error(errc::wrong_dimensions,
                      std::string(name) + " holds " + std::to_string(bytes.size()) +
                          " bytes, expected " + std::to_string(expected_floats * sizeof(float)));
  if (!all_finite(bytes.floats(), bytes.float_count()))
    return make_error(errc::not_finite, std::string(name) + " contains NaN or Inf");
  return caf::none;
}

}  // namespace

caf::error validate(const trajectory& t, const trajectory_dims& expected) {
  if (t.obs_dim != expected.obs_dim || t.act_dim != expected.act_dim)
    return make_error(errc::wrong_dimensions, "trajectory from '" + t.source + "' has obs_dim " +
                                                  std::to_string(t.obs_dim) + ", act_dim " +
                                                  std::to_string(t.act_dim) + "; expected " +
                                                  std::to_string(expected.obs_dim) + ", " +
                                                  std::to_string(expected.act_dim));
  if (t.length == 0) return make_error(errc::wrong_dimensions, "trajectory has no steps");
  if (expected.max_length != 0 && t.length > expected.max_length)
    return make_error(errc::wrong_dimensions, "trajectory has " + std::to_string(t.length) +
                                                  " steps, more than the horizon of " +
                                                  std::to_string(expected.max_length));
  const size_t steps = t.length;
  if (auto err = check_array("observations", t.observations, (steps + 1) * t.obs_dim)) return err;
  if (auto err = check_array("actions", t.actions, steps * t.act_dim)) return err;
  if (auto err = check_array("rewards", t.rewards, steps)) return err;
  return caf::none;
}

}  // namespace amb::messages
