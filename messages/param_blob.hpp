#pragma once

#include <caf/error.hpp>
#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "messages/param_section.hpp"
#include "messages/shared_bytes.hpp"

namespace amb::messages {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, param_section& x) {
  return f(caf::meta::type_name("param_section"), x.name, x.shape);
}

/// A versioned parameter vector (policy θ, model φ, a learner's state) as float32 values that
/// say what they are: the algorithm whose learner made them and the named tensors they hold.
struct param_blob {
  std::string name;       // which server it belongs to: "policy", "model", "policy_learner.state"
  std::string source;     // who produced it
  std::string algorithm;  // the registry name of the algorithm whose parameters these are
  uint64_t version = 0;   // strictly increasing per server; 0 means "none yet"
  uint32_t checksum = 0;  // CRC-32C over the values, the algorithm and the sections
  std::vector<param_section> sections;  // cover the values exactly, in order
  shared_bytes values;                  // float32 [float_count]

  /// Builds a blob and computes its checksum.
  static param_blob make(std::string name, std::string source, std::string algorithm,
                         uint64_t version, std::vector<param_section> sections,
                         shared_bytes values);
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, param_blob& x) {
  return f(caf::meta::type_name("param_blob"), x.name, x.source, x.algorithm, x.version, x.checksum,
           x.sections, x.values);
}

/// The checksum `blob` should carry.
uint32_t checksum_of(const param_blob& blob);

/// What a parameter server knows of its parameters when a blob arrives.
struct param_expectation {
  std::string algorithm;  // the run's: a blob of another algorithm is refused
  // The stored blob: a new one must be newer and hold the same sections (version 0: none yet,
  // any sections).
  const param_blob* stored = nullptr;
  // True when the blob was sent from this process: its bytes are then the sender's own immutable
  // memory, so nothing travelled that could corrupt them (no checksum check) and a
  // finiteness check made when they were created (shared_bytes::known_finite) still holds.
  bool from_same_process = false;
};

/// Checks a blob on arrival: the run's algorithm, version newer, sections that cover the
/// values and match the stored ones, checksum (unless from the same process), every value
/// finite. Returns the reason for refusal, or none.
caf::error validate(const param_blob& blob, const param_expectation& expected);

/// The answer to a pull: the newer blob, or `changed == false` when the puller is up to date.
struct param_pull_reply {
  bool changed = false;
  param_blob blob;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, param_pull_reply& x) {
  return f(caf::meta::type_name("param_pull_reply"), x.changed, x.blob);
}

}  // namespace amb::messages
