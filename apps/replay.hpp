#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace amb::apps {

// `amb replay`: exit codes beyond the common ones (apps/commands.hpp).
inline constexpr int replay_diverged = 1;  // --verify: the replayed actor's outputs differ
inline constexpr int replay_damaged = 3;   // the log is damaged; what came before was used

struct replay_arguments {
  std::string log;
  bool print = false;
  bool verify = false;
  std::string type;   // --print: only records of this type
  std::string actor;  // --print: only records to or from it; --verify: the worker to replay
  std::optional<uint64_t> from, to;  // --print: seq range, inclusive
  std::optional<uint64_t> until;     // --verify: stop before the first request recorded after it
  std::string out;                   // --until: where to write the parameters
};

/// One JSON line per record that passes the filters.
int print_log(const replay_arguments& args);

/// Replays the actor's recorded inputs into a fresh instance and compares its outputs.
int verify_log(const replay_arguments& args);

}  // namespace amb::apps
