#pragma once

#include <caf/error.hpp>
#include <caf/fwd.hpp>
#include <cstdint>
#include <string>

namespace amb::messages {

/// Why an amb actor refused a request. Sent back to the sender as a caf::error in the
/// category "amb", with a context string that names the bad input.
enum class errc : uint8_t {
  wrong_dimensions = 1,     // array sizes disagree with the declared or expected dims
  not_finite,               // a NaN or Inf in a payload
  version_backwards,        // a parameter version not newer than the stored one
  bad_checksum,             // payload bytes do not match their CRC-32C
  bad_request,              // arguments out of range (cursor past the end, max of 0, ...)
  restart_budget_exceeded,  // a supervisor's children failed more often than allowed
  storage_failed,           // a server could not write its data to disk
  stalled,                  // a worker did not answer its supervisor's liveness check
  refused,                  // a peer's attach failed the handshake (apps/node_gateway)
  unreachable,              // the real system behind a worker never answered (a robot)
};

const char* to_string(errc code);

/// Makes an error of category "amb" carrying a human-readable explanation.
caf::error make_error(errc code, std::string what);

/// Whether `err` is an amb error with `code`.
bool is(const caf::error& err, errc code);

/// An amb error as "wrong_dimensions: trajectory has no steps", without an actor system (which
/// `system.render` needs); another error as caf::to_string prints it.
std::string describe(const caf::error& err);

/// Lets `system.render(err)` print amb errors by name.
void add_error_category(caf::actor_system_config& cfg);

}  // namespace amb::messages
