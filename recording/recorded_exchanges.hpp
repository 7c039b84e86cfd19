#pragma once

#include <optional>
#include <set>
#include <string>

#include "recording/log_reader.hpp"

namespace amb::recording {

/// A request one actor sent to a server, and the server's answer, as recorded.
struct recorded_exchange {
  log_record request;
  log_record reply;
};

/// The exchanges of one actor, in the order it made them, read from the log as they are needed
/// (a log may be gigabytes). An actor waits for each answer before its next request, so its
/// exchanges do not overlap in the log; other actors' records in between are skipped.
class recorded_exchanges {
 public:
  /// `actor_ids`: the log's names for the actor ("actor#<id>", see recording/actor_names.hpp).
  recorded_exchanges(const std::string& log_path, std::set<std::string> actor_ids);

  /// The next exchange; nullopt at the end of the log (a last request without a recorded reply
  /// included) or at damage.
  std::optional<recorded_exchange> next();

  const std::optional<log_damage>& damage() const { return reader_.damage(); }

 private:
  log_reader reader_;
  std::set<std::string> ids_;
};

}  // namespace amb::recording
