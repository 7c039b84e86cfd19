// `amb replay LOG --print`: the log as JSON lines.
#include <caf/all.hpp>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/replay.hpp"
#include "messages/registration.hpp"
#include "recording/actor_names.hpp"
#include "recording/log_reader.hpp"
#include "recording/payload.hpp"

namespace amb::apps {

namespace {

// UTC, to the microsecond: 2026-11-21T21:57:01.123456Z.
std::string wall_time_text(int64_t wall_ns) {
  const std::time_t seconds = static_cast<std::time_t>(wall_ns / 1000000000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  const size_t n = std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + n, sizeof(text) - n, ".%06dZ",
                static_cast<int>((wall_ns % 1000000000) / 1000));
  return text;
}

bool selected(const replay_arguments& args, const recording::log_record& r,
              const std::map<std::string, std::string>& names) {
  if (!args.type.empty() && r.type != args.type) return false;
  if (args.from && r.seq < *args.from) return false;
  if (args.to && r.seq > *args.to) return false;
  if (!args.actor.empty() && recording::display_name(names, r.sender) != args.actor &&
      recording::display_name(names, r.receiver) != args.actor)
    return false;
  return true;
}

// Reports the damage, if any, and returns the exit code for a log read this far.
int report_log_end(const recording::log_reader& reader, uint64_t records_read) {
  const auto& damage = reader.damage();
  if (!damage) return 0;
  std::cerr << "amb replay: damaged log: " << recording::describe(*damage) << " (" << records_read
            << " good records before it)\n";
  return replay_damaged;
}

}  // namespace

int print_log(const replay_arguments& args) {
  caf::actor_system_config cfg;
  messages::register_types(cfg);
  cfg.set("scheduler.max-threads", 1);
  caf::actor_system system{cfg};
  const auto names = recording::read_actor_names(system, args.log);
  recording::log_reader reader(args.log);
  recording::log_record r;
  uint64_t records = 0;
  while (reader.next(r)) {
    ++records;
    if (!selected(args, r, names)) continue;
    const auto content = recording::deserialize_payload(system, r.payload);
    const nlohmann::json line = {{"seq", r.seq},
                                 {"sender_seq", r.sender_seq},
                                 {"wall", wall_time_text(r.wall_ns)},
                                 {"monotonic_ns", r.monotonic_ns},
                                 {"sender", recording::display_name(names, r.sender)},
                                 {"receiver", recording::display_name(names, r.receiver)},
                                 {"node", r.node},
                                 {"type", r.type},
                                 {"bytes", r.payload.size()},
                                 {"payload", content ? recording::summarize_payload(*content)
                                                     : nlohmann::json{{"unreadable", true}}}};
    // Strings in a log are whatever a sender put there: bytes that are not UTF-8 are printed
    // as U+FFFD rather than ending the print with a JSON library error.
    std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  std::cout.flush();
  return report_log_end(reader, records);
}

}  // namespace amb::apps
