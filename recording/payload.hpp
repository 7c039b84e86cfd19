#pragma once

// Record payloads: the recorded message's content, serialised by CAF exactly as it would cross
// the network, so that any registered message type can be recorded and read back.

#include <caf/fwd.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace amb::recording {

/// The content as the log keeps it. A pushed blob's values are the pusher's output, and a replay
/// recomputes them and compares checksums (amb replay --verify): the log keeps the blob's
/// checksum and drops its values, which for a model's φ are megabytes per epoch. Values a
/// worker received (pull replies) are kept whole.
caf::message recorded_form(const std::string& type, const caf::message& content);

std::vector<char> serialize_payload(caf::actor_system& system, const caf::message& content);

/// The message back from its bytes; nullopt when they do not deserialise (e.g. a type this
/// build does not know).
std::optional<caf::message> deserialize_payload(caf::actor_system& system,
                                                const std::vector<char>& bytes);

/// A checksum as the log's readers print it: 0x and 8 hex digits.
std::string checksum_text(uint32_t checksum);

/// A short, human-readable JSON summary: dims, versions, checksums and returns instead of the
/// arrays themselves.
nlohmann::json summarize_payload(const caf::message& content);

}  // namespace amb::recording
