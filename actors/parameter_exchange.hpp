#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "learners/parameter_set.hpp"
#include "messages/interfaces.hpp"

namespace amb::actors {

/// Parameters as a blob holds them, for a learner or an acting policy to load.
inline learners::parameter_view view_of(const messages::param_blob& blob) {
  return {blob.sections, blob.values.floats(), blob.values.float_count()};
}

/// What a learner's state server keeps of its state: one section, "state".
inline learners::parameter_set state_parameters(std::vector<float> state) {
  const uint64_t count = state.size();
  return {{{"state", {count}}}, std::move(state)};
}

/// The parameters of a learner of `algorithm`, written by `source` (the learner's name).
struct parameter_origin {
  std::string algorithm;
  std::string source;
};

/// What a learner does after each step: its parameters become version `version` of `name` on
/// `server`; `stored(version)` runs once the server has accepted them, `fail(error)` when it
/// refused or did not answer in time.
template <class Self, class OnStored, class OnError>
void push_parameters(Self* self, const messages::param_server_actor& server,
                     std::chrono::microseconds timeout, const std::string& name,
                     const parameter_origin& origin, uint64_t version,
                     const learners::parameter_set& parameters, OnStored stored, OnError fail) {
  const auto& values = parameters.values;
  auto bytes = messages::shared_bytes::from_floats(values.data(), values.size());
  // NaN or Inf never reaches a server: the step fails loudly, and a supervisor restarts the
  // learner from the last good parameters.
  if (!bytes.known_finite())
    throw std::runtime_error("NaN or Inf in " + name + " parameters v" + std::to_string(version) +
                             ": not pushed");
  auto blob = messages::param_blob::make(name, origin.source, origin.algorithm, version,
                                         parameters.layout, std::move(bytes));
  self->request(server, timeout, messages::push_atom::value, std::move(blob))
      .then(std::move(stored), std::move(fail));
}

/// What a fresh learner instance does first (a start, a restart, a resumed run): it takes the
/// latest parameters `server` holds. `load(blob)` runs when there are some, then `ready()`;
/// `fail(error)` when the server did not answer in time.
template <class Self, class OnLoad, class OnReady, class OnError>
void pull_latest_parameters(Self* self, const messages::param_server_actor& server,
                            std::chrono::microseconds timeout, OnLoad load, OnReady ready,
                            OnError fail) {
  self->request(server, timeout, messages::pull_atom::value, uint64_t{0})
      .then(
          [=](messages::param_pull_reply& latest) {
            if (latest.changed) load(latest.blob);
            ready();
          },
          std::move(fail));
}

}  // namespace amb::actors
