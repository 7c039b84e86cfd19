// `amb replay`: read a run's message log (recording/log_format.hpp).
#include <iostream>

#include "apps/commands.hpp"
#include "apps/config_document.hpp"
#include "apps/replay.hpp"
#include "recording/log_reader.hpp"

namespace amb::apps {

namespace {

constexpr const char* replay_usage =
    R"(usage: amb replay LOG --print [--type T] [--actor A] [--from S] [--to S]
       amb replay LOG --verify --actor model_learner|policy_learner [--until S [--out FILE]]

LOG is a run's messages.amblog (amb run --record); its rotated segments (messages.amblog.1,
.2, ...) are read after it.

  --print      one JSON line per record: seq, per-sender seq, times, sender, receiver, node,
               type, size and a summary of the payload (dims, versions, checksums, returns).
               Actors appear by the names the run gave them.
    --type T     only records of type T (push, push_reply, pull, pull_reply, cursor, stats,
                 label, ..._error)
    --actor A    only records sent or received by A (e.g. model_learner, collector-0)
    --from S, --to S   only records with seq in [S, S']
  --verify     start a fresh instance of the worker A with the run's recorded configuration
               and seed on one thread, answer its requests with the recorded replies, in
               order, and compare each of its requests with the recorded one (parameter
               pushes by checksum). Reports the first divergence: its seq and what differs.
    --until S    stop before the first request recorded after seq S and write the parameters
                 the worker had pushed last to FILE (--out; default A-seqS.f32): raw
                 little-endian float32, with their version and checksum printed, and
                 their name, algorithm, version, checksum and sections (name and shape,
                 in the order of the values) to FILE.json
  -h, --help   this text

Exit codes: 0 the log was read to its end (--verify: no divergence); 1 --verify found a
divergence; 2 bad usage, a missing file or an unknown log format version; 3 the log is
damaged: everything before the damage was printed or replayed, and the damage is reported
with its file, byte offset and reason.
)";

uint64_t parse_seq(const std::string& option, const std::string& text) {
  size_t used = 0;
  uint64_t value = 0;
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
  }
  if (used == 0 || used != text.size() || text[0] == '-')
    throw config_error(option + ": expected a sequence number, got '" + text + "'");
  return value;
}

replay_arguments parse_arguments(const std::vector<std::string>& args) {
  replay_arguments parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw config_error(arg + ": missing value");
      return args[++i];
    };
    if (arg == "--print")
      parsed.print = true;
    else if (arg == "--verify")
      parsed.verify = true;
    else if (arg == "--type")
      parsed.type = value();
    else if (arg == "--actor")
      parsed.actor = value();
    else if (arg == "--from")
      parsed.from = parse_seq(arg, value());
    else if (arg == "--to")
      parsed.to = parse_seq(arg, value());
    else if (arg == "--until")
      parsed.until = parse_seq(arg, value());
    else if (arg == "--out")
      parsed.out = value();
    else if (arg.rfind("--", 0) == 0)
      throw config_error("unknown option '" + arg + "' (see amb replay --help)");
    else if (parsed.log.empty())
      parsed.log = arg;
    else
      throw config_error("more than one log given: '" + parsed.log + "' and '" + arg + "'");
  }
  if (parsed.log.empty()) throw config_error("no LOG given (see amb replay --help)");
  if (parsed.until) parsed.verify = true;  // stopping somewhere is a replay
  if (parsed.print == parsed.verify) throw config_error("give one of --print and --verify");
  if (parsed.verify && parsed.actor.empty())
    throw config_error("--verify: name the worker to replay with --actor");
  if (!parsed.out.empty() && !parsed.until) throw config_error("--out: only with --until");
  return parsed;
}

}  // namespace

int replay_command(const std::vector<std::string>& args) {
  for (const auto& arg : args)
    if (arg == "--help" || arg == "-h") {
      std::cout << replay_usage;
      return 0;
    }
  try {
    const auto parsed = parse_arguments(args);
    return parsed.print ? print_log(parsed) : verify_log(parsed);
  } catch (const config_error& e) {
    std::cerr << "amb replay: " << e.what() << "\n";
    return 2;
  } catch (const recording::log_error& e) {
    std::cerr << "amb replay: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace amb::apps
