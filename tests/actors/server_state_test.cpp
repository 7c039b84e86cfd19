// What the servers leave on disk for a resume: the data buffer's trajectory store and the
// parameter checkpoints. A store cut short by a killed writer keeps everything before the cut;
// any other damage, and any damage to a checkpoint, is an error that names file and offset.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "actors/param_checkpoint.hpp"
#include "actors/trajectory_store.hpp"
#include "tests/amb_command.hpp"
#include "tests/support.hpp"

using namespace amb;

namespace {

constexpr std::chrono::duration<double> sync_interval{10.0};

std::vector<float> returns_in(const std::string& dir,
                              actors::stored_trajectories* found = nullptr) {
  std::vector<float> fills;
  auto result = actors::read_trajectory_store(
      dir, [&](messages::trajectory t) { fills.push_back(t.rewards.floats()[0]); });
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

TEST_CASE("a parameter checkpoint reads back bit for bit, and any damage names file and offset") {
  tests::scratch_dir dir("param-checkpoint");
  const auto path = (dir.path / "checkpoint" / "policy.params").string();  // folder made too
  CHECK_FALSE(actors::read_param_checkpoint(path, "policy").has_value());  // none yet

  std::vector<float> values{0.25f, -1.5f, 3.0f, 7.0f};
  const auto blob = messages::param_blob::make(
      "policy", "learner", 42, messages::shared_bytes::from_floats(values.data(), values.size()));
  actors::write_param_checkpoint(path, blob);
  const auto back = actors::read_param_checkpoint(path, "policy");
  REQUIRE(back.has_value());
  CHECK(back->version == 42);
  CHECK(back->checksum == blob.checksum);
  CHECK(std::vector<float>(back->values.floats(), back->values.floats() + 4) == values);
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));

  // The wrong server's checkpoint is refused.
  CHECK_THROWS_AS(actors::read_param_checkpoint(path, "model"), actors::store_error);

  // Every single flipped byte and every truncation is caught, and named with the file.
  const auto size = std::filesystem::file_size(path);
  for (std::streamoff at = 0; at < static_cast<std::streamoff>(size); ++at) {
    const auto copy = (dir.path / "copy.params").string();
    std::filesystem::copy_file(path, copy, std::filesystem::copy_options::overwrite_existing);
    flip_byte(copy, at);
    CAPTURE(at);
    try {
      actors::read_param_checkpoint(copy, "policy");
      FAIL("a flipped byte went unnoticed");
    } catch (const actors::store_error& e) {
      CHECK(std::string(e.what()).find(copy + " at byte ") == 0);
    }
    std::filesystem::copy_file(path, copy, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(copy, static_cast<uintmax_t>(at));
    CHECK_THROWS_AS(actors::read_param_checkpoint(copy, "policy"), actors::store_error);
  }
}
