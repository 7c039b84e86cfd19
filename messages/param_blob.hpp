#pragma once

#include <caf/error.hpp>
#include <caf/meta/type_name.hpp>
#include <cstdint>
#include <string>

#include "messages/shared_bytes.hpp"

namespace amb::messages {

/// A versioned parameter vector (policy θ or model φ) as float32 values.
struct param_blob {
  std::string name;       // which server it belongs to: "policy" or "model"
  std::string source;     // who produced it
  uint64_t version = 0;   // strictly increasing per server; 0 means "none yet"
  uint32_t checksum = 0;  // CRC-32C of the bytes
  shared_bytes values;    // float32 [float_count]

  /// Builds a blob and computes its checksum.
  static param_blob make(std::string name, std::string source, uint64_t version,
                         shared_bytes values);
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, param_blob& x) {
  return f(caf::meta::type_name("param_blob"), x.name, x.source, x.version, x.checksum, x.values);
}

/// What a parameter server knows of its parameters when a blob arrives.
struct param_expectation {
  uint64_t current_version = 0;  // a new blob must be newer than this
  size_t float_count = 0;        // 0: any size (first push); otherwise the size must match
  // True when the blob was sent from this process: its bytes are then the sender's own immutable
  // memory, so nothing travelled that could corrupt them (no checksum check) and a
  // finiteness check made when they were created (shared_bytes::known_finite) still holds.
  bool from_same_process = false;
};

/// Checks a blob on arrival: version newer, float count as expected, checksum (unless from the
/// same process), every value finite. Returns the reason for refusal, or none.
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
