// What the servers leave on disk for a resume: the data buffer's trajectory store and the
// parameter checkpoints. A store cut short by a killed writer keeps everything before the cut;
// any other damage, and any damage to a checkpoint, is an error that names file and offset.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <tuple>
#include <vector>

#include "actors/param_checkpoint.hpp"
#include "actors/run_counters.hpp"
#include "actors/trajectory_store.hpp"
#include "tests/amb_command.hpp"
#include "tests/support.hpp"

using namespace amb;

namespace {

constexpr std::chrono::duration<double> sync_interval{10.0};

std::vector<float> returns_in(const std::string& dir,
                              actors::stored_trajectories* found = nullptr) {
  std::vector<float> fills;
  // The generations write_generation writes: no configuration, 3 x 2 numbers, 5 steps.
  const actors::store_expectation written{0, nlohmann::json::object(), {3, 2, 5}};
  auto result = actors::read_trajectory_store(
      dir, written, [&](messages::trajectory t) { fills.push_back(t.rewards.floats()[0]); });
  if (found) *found = result;
  return fills;
}

void write_generation(const std::string& dir, uint32_t generation, int count, float first_fill) {
  actors::trajectory_store store(dir, generation, nlohmann::json::object(), 1 << 20, sync_interval);
  for (int i = 0; i < count; ++i)
    store.append(tests::make_trajectory(3, 2, 5, "c", first_fill + static_cast<float>(i)));
}

void flip_byte(const std::filesystem::path& file, std::streamoff at) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(at);
  char c;
  f.get(c);
  f.seekp(at);
  f.put(static_cast<char>(c ^ 0x5a));
}

}  // namespace

TEST_CASE("the trajectory store reads back every generation in order") {
  tests::scratch_dir dir("store-order");
  write_generation(dir.path.string(), 0, 3, 0.0f);
  write_generation(dir.path.string(), 1, 2, 10.0f);
  actors::stored_trajectories found;
  CHECK(returns_in(dir.path.string(), &found) == std::vector<float>{0, 1, 2, 10, 11});
  CHECK(found.generations == 2);
  CHECK(found.notes.empty());  // both generations were closed
  // A generation is never written twice.
  CHECK_THROWS(write_generation(dir.path.string(), 1, 1, 0.0f));
}

TEST_CASE("a store cut inside its last record keeps the records before it, with a note") {
  tests::scratch_dir dir("store-cut");
  {
    actors::trajectory_store store(dir.path.string(), 0, nlohmann::json::object(), 1 << 20,
                                   sync_interval);
    for (int i = 0; i < 4; ++i) store.append(tests::make_trajectory(3, 2, 5, "c", float(i)));
    // Killed before it could close: copy the bytes as they are now, then cut the last record.
    std::filesystem::copy_file(dir.path / "trajectories-0.amblog", dir.path / "killed");
  }
  const auto file = dir.path / "trajectories-0.amblog";
  std::filesystem::rename(dir.path / "killed", file);
  std::filesystem::resize_file(file, std::filesystem::file_size(file) - 7);
  actors::stored_trajectories found;
  CHECK(returns_in(dir.path.string(), &found) == std::vector<float>{0, 1, 2});
  REQUIRE(found.notes.size() == 1);
  CHECK(found.notes[0].find(file.string() + " at byte ") == 0);
}

TEST_CASE("a damaged record in the store is an error naming the file and offset") {
  tests::scratch_dir dir("store-damage");
  write_generation(dir.path.string(), 0, 4, 0.0f);
  const auto file = dir.path / "trajectories-0.amblog";
  const auto size = std::filesystem::file_size(file);
  flip_byte(file, static_cast<std::streamoff>(size / 2));
  try {
    returns_in(dir.path.string());
    FAIL("damage went unnoticed");
  } catch (const actors::store_error& e) {
    CHECK(std::string(e.what()).find(file.string() + " at byte ") == 0);
  }
  // A generation missing between two others is an error too.
  tests::scratch_dir gap("store-gap");
  write_generation(gap.path.string(), 0, 1, 0.0f);
  write_generation(gap.path.string(), 1, 1, 0.0f);
  write_generation(gap.path.string(), 2, 1, 0.0f);
  std::filesystem::remove(gap.path / "trajectories-1.amblog");
  CHECK_THROWS_AS(returns_in(gap.path.string()), actors::store_error);
}

TEST_CASE("a store is read as a live push is checked: dims, length, values, its run, its files") {
  tests::scratch_dir dir("store-forged");
  const auto file = (dir.path / "trajectories-0.amblog").string();
  const actors::store_expectation expected{1, nlohmann::json{{"seed", 1}}, {3, 2, 5}};
  auto with_nan = tests::make_trajectory(3, 2, 5);
  std::vector<float> rewards(5, 0.5f);
  rewards[2] = std::nanf("");
  with_nan.rewards = messages::shared_bytes::from_floats(rewards.data(), rewards.size());
  auto empty = tests::make_trajectory(3, 2, 1);
  empty.length = 0;
  empty.observations = messages::shared_bytes::from_floats(std::vector<float>(3).data(), 3);
  empty.actions = empty.rewards = messages::shared_bytes{};
  struct forged {
    const char* what;
    messages::trajectory t;
    const char* reason;
  };
  for (const auto& f : {forged{"wrong dimensions", tests::make_trajectory(4, 2, 5), "obs_dim 4"},
                        forged{"no steps", empty, "no steps"}, forged{"NaN", with_nan, "NaN"},
                        forged{"past the horizon", tests::make_trajectory(3, 2, 6),
                               "6 steps, more than the horizon of 5"}}) {
    CAPTURE(f.what);
    std::filesystem::remove(file);
    {
      // Written as a store writes (each record's checksum is valid), then read as a resume does.
      actors::trajectory_store store(dir.path.string(), 0, expected.run_config, 1 << 20,
                                     sync_interval);
      store.append(tests::make_trajectory(3, 2, 5));
      store.append(f.t);
    }
    try {
      actors::read_trajectory_store(dir.path.string(), expected, [](messages::trajectory) {});
      FAIL("a forged trajectory was restored");
    } catch (const actors::store_error& e) {
      const std::string text = e.what();
      CHECK(text.find(file + " at byte ") == 0);
      CHECK(text.find(f.reason) != std::string::npos);
    }
  }
  // Intact, but another run's: its header holds another configuration.
  std::filesystem::remove(file);
  {
    actors::trajectory_store store(dir.path.string(), 0, nlohmann::json{{"seed", 2}}, 1 << 20,
                                   sync_interval);
    store.append(tests::make_trajectory(3, 2, 5));
  }
  CHECK_THROWS_WITH(
      actors::read_trajectory_store(dir.path.string(), expected, [](messages::trajectory) {}),
      (file + " at byte 0: written by a run of another configuration than this run's params.json")
          .c_str());
  // Read as this build reads it, the header's configuration is this run's: an older amb's,
  // without the keys added since.
  auto resolved = expected;
  resolved.run_config = nlohmann::json{{"seed", 2}, {"added_since", 1}};
  resolved.resolve = [](nlohmann::json written) {
    if (!written.contains("added_since")) written["added_since"] = 1;
    return written;
  };
  CHECK_NOTHROW(
      actors::read_trajectory_store(dir.path.string(), resolved, [](messages::trajectory) {}));
  resolved.run_config["added_since"] = 2;  // a value the old build never had
  CHECK_THROWS_AS(
      actors::read_trajectory_store(dir.path.string(), resolved, [](messages::trajectory) {}),
      actors::store_error);
  // The run wrote two generations; one is gone.
  auto two = expected;
  two.run_config = nlohmann::json{{"seed", 2}};
  two.generations = 2;
  CHECK_THROWS_WITH(
      actors::read_trajectory_store(dir.path.string(), two, [](messages::trajectory) {}),
      ((dir.path / "trajectories-1.amblog").string() + " is missing: the run wrote 2 generations")
          .c_str());
}

TEST_CASE("run counters out of their range are refused naming the key, a missing file too") {
  tests::scratch_dir dir("counters");
  const auto path = (dir.path / "run.json").string();
  CHECK_THROWS_WITH(actors::read_run_counters(path), (path + " is missing").c_str());
  actors::write_run_counters(path, {12.5, 3, 1, 2, 3, {}});
  const auto back = actors::read_run_counters(path);
  CHECK(back.elapsed == 12.5);
  CHECK(back.restarts == 3);
  CHECK(back.generations == 3);
  CHECK(back.sequential.iteration == 0);  // none kept: an asynchronous run, or an older amb
  actors::write_run_counters(path, {1, 0, 0, 0, 1, {7, actors::sequential_phase::policy, 4}});
  const auto position = actors::read_run_counters(path).sequential;
  CHECK(position.iteration == 7);
  CHECK(position.phase == actors::sequential_phase::policy);
  CHECK(position.done == 4);
  for (const auto& [key, value, reason] :
       std::vector<std::tuple<std::string, nlohmann::json, std::string>>{
           {"restarts", -1, "'restarts' is -1"},
           {"crashes", uint64_t{4294967296}, "'crashes' is 4294967296,"},
           {"resumes", "2", "'resumes' is \"2\""},
           {"generations", 1.5, "'generations' is 1.5"},
           {"elapsed", -3, "'elapsed' is -3"}}) {
    CAPTURE(key);
    nlohmann::json doc = {
        {"elapsed", 1.0}, {"restarts", 0}, {"crashes", 0}, {"resumes", 0}, {"generations", 1}};
    doc[key] = value;
    std::ofstream(path) << doc.dump();
    try {
      actors::read_run_counters(path);
      FAIL("an out-of-range counter was read");
    } catch (const actors::store_error& e) {
      CHECK(std::string(e.what()).find(reason) != std::string::npos);
    }
  }
  for (const auto& [key, value, reason] :
       std::vector<std::tuple<std::string, nlohmann::json, std::string>>{
           {"phase", "train", "'phase' is \"train\", not one of"},
           {"done", -2, "'done' is -2"},
           {"iteration", 2.5, "'iteration' is 2.5"}}) {
    CAPTURE(key);
    nlohmann::json doc = {
        {"elapsed", 1.0},   {"restarts", 0},
        {"crashes", 0},     {"resumes", 0},
        {"generations", 1}, {"sequential", {{"iteration", 2}, {"phase", "model"}, {"done", 3}}}};
    doc["sequential"][key] = value;
    std::ofstream(path) << doc.dump();
    CHECK_THROWS_WITH_AS(actors::read_run_counters(path), doctest::Contains(reason.c_str()),
                         actors::store_error);
  }
}

TEST_CASE("a parameter checkpoint reads back bit for bit, and any damage names file and offset") {
  tests::scratch_dir dir("param-checkpoint");
  const auto path = (dir.path / "checkpoint" / "policy.params").string();  // folder made too
  const auto& algorithm = tests::test_algorithm;
  CHECK_FALSE(actors::read_param_checkpoint(path, "policy", algorithm).has_value());  // none yet

  std::vector<float> values{0.25f, -1.5f, 3.0f, 7.0f};
  const auto blob = messages::param_blob::make(
      "policy", "learner", algorithm, 42, {{"w", {1, 3}}, {"log_std", {1}}},
      messages::shared_bytes::from_floats(values.data(), values.size()));
  actors::write_param_checkpoint(path, blob);
  const auto back = actors::read_param_checkpoint(path, "policy", algorithm);
  REQUIRE(back.has_value());
  CHECK(back->version == 42);
  CHECK(back->algorithm == algorithm);
  CHECK(back->sections == blob.sections);
  CHECK(back->checksum == blob.checksum);
  CHECK(std::vector<float>(back->values.floats(), back->values.floats() + 4) == values);
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));

  // The wrong server's checkpoint is refused, and another algorithm's.
  CHECK_THROWS_AS(actors::read_param_checkpoint(path, "model", algorithm), actors::store_error);
  CHECK_THROWS_WITH(actors::read_param_checkpoint(path, "policy", "maac"),
                    (path + " at byte 41: holds parameters of algorithm 'test', this run's is "
                            "'maac'")
                        .c_str());

  // Every single flipped byte and every truncation is caught, and named with the file.
  const auto size = std::filesystem::file_size(path);
  for (std::streamoff at = 0; at < static_cast<std::streamoff>(size); ++at) {
    const auto copy = (dir.path / "copy.params").string();
    std::filesystem::copy_file(path, copy, std::filesystem::copy_options::overwrite_existing);
    flip_byte(copy, at);
    CAPTURE(at);
    try {
      actors::read_param_checkpoint(copy, "policy", algorithm);
      FAIL("a flipped byte went unnoticed");
    } catch (const actors::store_error& e) {
      CHECK(std::string(e.what()).find(copy + " at byte ") == 0);
    }
    std::filesystem::copy_file(path, copy, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(copy, static_cast<uintmax_t>(at));
    CHECK_THROWS_AS(actors::read_param_checkpoint(copy, "policy", algorithm), actors::store_error);
  }
}
