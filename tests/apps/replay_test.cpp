// `amb replay` on logs of real recorded runs: print, verify, stop at a sequence number, and
// damaged logs.
#include <doctest/doctest.h>

#include <caf/all.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "apps/commands.hpp"
#include "messages/interfaces.hpp"
#include "recording/actor_names.hpp"
#include "recording/log_reader.hpp"
#include "recording/log_writer.hpp"
#include "recording/payload.hpp"
#include "tests/amb_command.hpp"
#include "tests/support.hpp"

using namespace amb;
using namespace amb::messages;
using amb::tests::reacher_config;
using amb::tests::run_amb;
namespace fs = std::filesystem;

namespace {

// A short recorded run on the reacher (of `config`, ME-TRPO by default); returns its log.
std::string record_run(const fs::path& dir, const std::string& extra = "",
                       const std::string& config = reacher_config) {
  const auto out = dir / "run";
  const auto result = run_amb("run " + config + " --record --out " + out.string() +
                              " --set env.pace_seconds=0.002"
                              " --set budget.env_steps=500 --set evaluation.interval_seconds=0 " +
                              extra);
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  return (out / "messages.amblog").string();
}

std::string id_of(caf::actor_system& system, const std::string& log, const std::string& name) {
  for (const auto& [id, n] : recording::read_actor_names(system, log))
    if (n == name) return id;
  FAIL("no actor " << name << " in " << log);
  return {};
}

// Seqs of the records `sender` sent of type `type`.
std::vector<uint64_t> seqs_of(const std::string& log, const std::string& sender,
                              const std::string& type) {
  std::vector<uint64_t> seqs;
  recording::log_reader reader(log);
  recording::log_record r;
  while (reader.next(r))
    if (r.sender == sender && r.type == type) seqs.push_back(r.seq);
  return seqs;
}

// Seqs of the model learner's φ pushes.
std::vector<uint64_t> model_pushes(const std::string& log) {
  amb::tests::test_config cfg;
  caf::actor_system system{cfg};
  return seqs_of(log, id_of(system, log, "model_learner"), "push");
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// `amb replay ARGS` in this process, so that its output can be captured.
int replay_in_process(const std::vector<std::string>& args) {
  apps::command_table commands;
  apps::add_replay_command(commands);
  std::vector<std::string> words{"replay"};
  words.insert(words.end(), args.begin(), args.end());
  return apps::run_command_line(commands, words);
}

}  // namespace

TEST_CASE("both learners of a recorded run replay bit for bit") {
  amb::tests::scratch_dir dir("replay-verify");
  const auto log = record_run(dir.path);
  for (const char* learner : {"model_learner", "policy_learner"}) {
    const auto result = run_amb("replay " + log + " --verify --actor " + learner);
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK(result.output.find("no divergence") != std::string::npos);
    CHECK(result.output.find(" 0 parameter pushes") == std::string::npos);  // some were checked
  }
}

TEST_CASE("--verify reports the first divergence where one recorded trajectory was altered") {
  amb::tests::scratch_dir dir("replay-altered");
  const auto log = record_run(dir.path);
  amb::tests::test_config cfg;
  caf::actor_system system{cfg};
  const auto learner = id_of(system, log, "model_learner");

  // Copy the log, adding 1 to one observation of the first trajectory the model learner pulled.
  const auto altered = (dir.path / "altered.amblog").string();
  uint64_t altered_seq = 0;
  std::optional<uint64_t> expected;
  {
    recording::log_reader reader(log);
    recording::log_writer writer(altered, *reader.header(), uint64_t(1) << 40);
    recording::log_record r;
    bool done = false;
    while (reader.next(r)) {
      if (!done && r.receiver == learner && r.type == "pull_reply") {
        auto content = recording::deserialize_payload(system, r.payload);
        auto batch = content->get_as<trajectory_batch>(0);
        if (!batch.trajectories.empty()) {
          auto& t = batch.trajectories[0];
          std::vector<float> obs(t.observations.floats(),
                                 t.observations.floats() + t.observations.float_count());
          obs[t.obs_dim + 1] += 1.0f;  // o_1, a state the model learns from
          t.observations = shared_bytes::from_floats(obs.data(), obs.size());
          r.payload = recording::serialize_payload(system, caf::make_message(batch));
          altered_seq = r.seq;
          done = true;
        }
      } else if (done && !expected && r.sender == learner && r.type == "push") {
        expected = r.seq;  // the first φ computed from the altered data
      }
      writer.write(r);
    }
  }
  REQUIRE(expected.has_value());
  CHECK(*expected > altered_seq);
  const auto result = run_amb("replay " + altered + " --verify --actor model_learner");
  INFO(result.output);
  CHECK(result.exit_code == 1);
  CHECK(result.output.find("first divergence at seq " + std::to_string(*expected) + ": model v") !=
        std::string::npos);
  CHECK(result.output.find("checksum recorded") != std::string::npos);
}

TEST_CASE("--until writes the parameters the learner had pushed last, as recorded") {
  amb::tests::scratch_dir dir("replay-until");
  const auto log = record_run(dir.path);
  const auto pushes = model_pushes(log);
  REQUIRE(pushes.size() >= 3);
  const uint64_t until = pushes[2];
  const auto out = dir.path / "phi.f32";
  const auto result = run_amb("replay " + log + " --actor model_learner --until " +
                              std::to_string(until) + " --out " + out.string());
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("pushed at seq " + std::to_string(until)) != std::string::npos);

  // The file holds exactly the blob recorded at that push: same checksum.
  recording::log_reader reader(log);
  recording::log_record r;
  while (reader.next(r) && r.seq != until) {
  }
  amb::tests::test_config cfg;
  caf::actor_system system{cfg};
  const auto blob = recording::deserialize_payload(system, r.payload)->get_as<param_blob>(1);
  std::ifstream in(out, std::ios::binary);
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
  CHECK(bytes.size() % 4 == 0);
  CHECK(bytes.size() > 0);
  // FILE.json says what they are: with it, the file's values make up the recorded blob again.
  std::ifstream description_file(out.string() + ".json");
  const auto description = nlohmann::json::parse(description_file);
  param_blob rebuilt = blob;
  rebuilt.values = shared_bytes(bytes);
  rebuilt.algorithm = description.at("algorithm").get<std::string>();
  rebuilt.sections.clear();
  for (const auto& s : description.at("sections"))
    rebuilt.sections.push_back(
        {s.at("name").get<std::string>(), s.at("shape").get<std::vector<uint64_t>>()});
  CHECK(rebuilt.sections.front().name == "weight0");
  CHECK(checksum_of(rebuilt) == blob.checksum);
  CHECK(description.at("checksum").get<uint32_t>() == blob.checksum);
}

TEST_CASE("--print filters by type, actor and sequence range") {
  amb::tests::scratch_dir dir("replay-print");
  const auto log = record_run(dir.path);
  const auto pushes = model_pushes(log);
  REQUIRE(pushes.size() >= 4);
  const auto result =
      run_amb("replay " + log + " --print --type push --actor model_learner --from " +
              std::to_string(pushes[1]) + " --to " + std::to_string(pushes[3]));
  REQUIRE(result.exit_code == 0);
  std::istringstream lines(result.output);
  std::vector<uint64_t> printed;
  for (std::string line; std::getline(lines, line);) {
    const auto j = nlohmann::json::parse(line);
    CHECK(j["sender"] == "model_learner");
    CHECK(j["receiver"] == "model_server");
    CHECK(j["type"] == "push");
    CHECK(j["payload"]["name"] == "model");
    printed.push_back(j["seq"]);
  }
  CHECK(printed == std::vector<uint64_t>(pushes.begin() + 1, pushes.begin() + 4));

  const auto everything = run_amb("replay " + log + " --print");
  CHECK(count_of(everything.output, "\"type\":\"label\"") >= 4);
  CHECK(count_of(everything.output, "\"sender\":\"actor#") == 0);  // every actor is named
}

TEST_CASE(
    "1000 randomly damaged logs, bytes or whole records: amb replay reports the damage and its "
    "offset, never crashes") {
  amb::tests::scratch_dir dir("replay-fuzz");
  const auto log =
      record_run(dir.path, "--set budget.env_steps=100", amb::tests::reacher_task_config);
  std::ifstream in(log, std::ios::binary);
  const std::vector<char> good{std::istreambuf_iterator<char>(in), {}};
  REQUIRE(good.size() > 1000);
  const auto damaged = (dir.path / "damaged.amblog").string();
  // Where each record starts (and the last one ends): records are moved whole, each intact.
  std::vector<size_t> at;
  {
    recording::log_reader reader(log);
    recording::log_record r;
    size_t last_size = 0;  // r itself is overwritten by the end record
    while (reader.next(r)) {
      at.push_back(reader.record_offset());
      last_size = recording::encoded_size(r);
    }
    at.push_back(at.back() + last_size);
  }
  REQUIRE(at.size() > 10);
  auto record = [&](size_t i) {
    return std::vector<char>(good.begin() + long(at[i]), good.begin() + long(at[i + 1]));
  };

  std::mt19937 rng(2024);
  auto uniform = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  std::ostringstream out, err;
  auto* cout_buf = std::cout.rdbuf(out.rdbuf());
  auto* cerr_buf = std::cerr.rdbuf(err.rdbuf());
  int reported = 0;
  const int cases = 1000;
  for (int c = 0; c < cases; ++c) {
    auto bytes = good;
    const size_t i = uniform(at.size() - 2);  // a record with one after it
    switch (c % 6) {
      case 0:  // flip bits of one byte
        bytes[uniform(bytes.size())] ^= static_cast<char>(1 + uniform(255));
        break;
      case 1:  // cut short
        bytes.resize(uniform(bytes.size()));
        break;
      case 2: {  // insert random bytes
        std::vector<char> junk(1 + uniform(16));
        for (auto& b : junk) b = static_cast<char>(rng());
        bytes.insert(bytes.begin() + uniform(bytes.size() + 1), junk.begin(), junk.end());
        break;
      }
      case 3:  // delete a record
        bytes.erase(bytes.begin() + long(at[i]), bytes.begin() + long(at[i + 1]));
        break;
      case 4: {  // duplicate a record
        const auto copy = record(i);
        bytes.insert(bytes.begin() + long(at[i + 1]), copy.begin(), copy.end());
        break;
      }
      case 5: {  // swap a record with the next
        auto swapped = record(i + 1);
        const auto first = record(i);
        swapped.insert(swapped.end(), first.begin(), first.end());
        std::copy(swapped.begin(), swapped.end(), bytes.begin() + long(at[i]));
        break;
      }
    }
    std::ofstream(damaged, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    err.str("");
    const int code = replay_in_process({damaged, "--print"});
    const auto message = err.str();
    if (code == 3 && message.find("damaged log: " + damaged + " at byte ") != std::string::npos)
      ++reported;
    else
      MESSAGE("case " << c << ": exit " << code << ": " << message);
  }
  std::cout.rdbuf(cout_buf);
  std::cerr.rdbuf(cerr_buf);
  CHECK(reported == cases);
}

TEST_CASE("--print shows strings that are not UTF-8 with replacement characters, not an error") {
  amb::tests::scratch_dir dir("replay-utf8");
  const auto log = (dir.path / "messages.amblog").string();
  {
    recording::log_header header;
    header.types = messages::type_registry();
    recording::log_writer writer(log, header, 1 << 20);
    recording::log_record r;
    r.sender = "collector-\xff\xfe";  // as a peer might name itself
    r.receiver = "data_buffer";
    r.type = "push";
    writer.write(r);
  }
  std::ostringstream out;
  auto* cout_buf = std::cout.rdbuf(out.rdbuf());
  const int code = replay_in_process({log, "--print"});
  std::cout.rdbuf(cout_buf);
  CHECK(code == 0);
  CHECK(out.str().find("\"sender\":\"collector-\xef\xbf\xbd\xef\xbf\xbd\"") != std::string::npos);
}
