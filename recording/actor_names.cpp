#include "recording/actor_names.hpp"

#include <caf/all.hpp>

#include "recording/log_reader.hpp"
#include "recording/payload.hpp"

namespace amb::recording {

std::map<std::string, std::string> read_actor_names(caf::actor_system& system,
                                                    const std::string& log_path) {
  std::map<std::string, std::string> names;
  log_reader reader(log_path);
  log_record record;
  while (reader.next(record)) {
    if (record.type != "label") continue;
    const auto content = deserialize_payload(system, record.payload);
    if (content && content->match_elements<std::string>())
      names[record.sender] = content->get_as<std::string>(0);
  }
  return names;
}

std::string display_name(const std::map<std::string, std::string>& names, const std::string& who) {
  const auto it = names.find(who);
  return it == names.end() ? who : it->second;
}

}  // namespace amb::recording
