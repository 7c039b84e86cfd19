// `amb replay`: read a run's message log (recording/log_format.hpp).
#include <array>
#include <iostream>
#include <memory>

#include "apps/commands.hpp"
#include "apps/config_document.hpp"
#include "apps/replay.hpp"
#include "recording/log_reader.hpp"

namespace amb::apps {

namespace {

constexpr const char* replay_details =
    R"(LOG is a run's messages.amblog (amb run --record); its rotated segments (messages.amblog.1,
.2, ...) are read after it.

--print writes one JSON line per record: seq, per-sender seq, times, sender, receiver, node,
type, size and a summary of the payload (dims, versions, checksums, returns). Actors appear by
the names the run gave them.

--verify starts a fresh instance of the worker --actor with the run's recorded configuration
and seed on one thread, answers its requests with the recorded replies, in order, and compares
each of its requests with the recorded one (parameter pushes by checksum). It reports the first
divergence: its seq and what differs. --until S stops before the first request recorded after
seq S and writes the parameters the worker had pushed last to FILE (--out; default
A-seqS.f32): raw little-endian float32, with their version and checksum printed, and their
name, algorithm, version, checksum and sections (name and shape, in the order of the values)
to FILE.json.

Exit codes: 0 the log was read to its end (--verify: no divergence); 1 --verify found a
divergence; 2 bad usage, a missing file or an unknown log format version; 3 the log is
damaged: everything before the damage was printed or replayed, and the damage is reported
with its file, byte offset and reason.)";

int replay(const replay_arguments& parsed) {
  try {
    return parsed.print ? print_log(parsed) : verify_log(parsed);
  } catch (const config_error& e) {
    std::cerr << "amb replay: " << e.what() << "\n";
    return 2;
  } catch (const recording::log_error& e) {
    std::cerr << "amb replay: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

void add_replay_command(command_table& table) {
  auto* command = add_command(table.amb, "replay",
                              "Print a recorded run's messages, or re-run one learner on exactly "
                              "the inputs it had and report where its outputs diverge",
                              replay_details);
  auto args = std::make_shared<replay_arguments>();
  auto seqs = std::make_shared<std::array<uint64_t, 3>>();  // --from, --to, --until
  const auto seq = within(0, 1.8e19, /*whole=*/true);
  command->add_option("LOG", args->log, "the run's messages.amblog")->required();
  auto* print = command->add_flag("--print", args->print, "one JSON line per record");
  auto* verify = command->add_flag("--verify", args->verify,
                                   "replay the worker --actor and compare its outputs");
  print->excludes(verify);
  command
      ->add_option("--type", args->type,
                   "--print: only records of type T (push, push_reply, pull, pull_reply, "
                   "cursor, stats, label, ..._error)")
      ->type_name("T")
      ->needs(print);
  command
      ->add_option("--actor", args->actor,
                   "--print: only records sent or received by A (e.g. model_learner, "
                   "collector-0); --verify: the worker to replay (model_learner, "
                   "policy_learner)")
      ->type_name("A");
  command->add_option("--from", (*seqs)[0], "--print: only records with seq >= S")
      ->type_name("S")
      ->check(seq)
      ->needs(print);
  command->add_option("--to", (*seqs)[1], "--print: only records with seq <= S")
      ->type_name("S")
      ->check(seq)
      ->needs(print);
  auto* until = command
                    ->add_option("--until", (*seqs)[2],
                                 "--verify: stop before the first request recorded after seq S "
                                 "and write the parameters pushed last")
                    ->type_name("S")
                    ->check(seq)
                    ->excludes(print);
  command->add_option("--out", args->out, "--until: where to write the parameters")
      ->type_name("FILE.f32")
      ->check(file_to_write(".f32"))
      ->needs(until);
  command->callback([command, args, seqs] {
    if (command->count("--from") > 0) args->from = (*seqs)[0];
    if (command->count("--to") > 0) args->to = (*seqs)[1];
    if (command->count("--until") > 0) {
      args->until = (*seqs)[2];
      args->verify = true;  // stopping somewhere is a replay
    }
    if (!args->print && !args->verify)
      throw CLI::ValidationError("give one of --print and --verify");
    if (args->verify && args->actor.empty())
      throw CLI::ValidationError("--verify", "name the worker to replay with --actor");
  });
  table.add(command, [args] { return replay(*args); });
}

}  // namespace amb::apps
