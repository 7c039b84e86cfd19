// The message log's format: what the writer writes, the reader reads back, across segments; and
// the ways a log can be unreadable.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "recording/log_reader.hpp"
#include "recording/log_writer.hpp"
#include "tests/amb_command.hpp"

using namespace amb::recording;
namespace fs = std::filesystem;

namespace {

log_record make_record(std::mt19937& rng, int i) {
  log_record r;
  r.monotonic_ns = 1000 * i;
  r.wall_ns = 1700000000000000000 + i;
  r.sender = i % 3 == 0 ? "actor#7" : "data_buffer";
  r.receiver = i % 3 == 0 ? "data_buffer" : "actor#7";
  r.node = "local";
  r.type = i % 3 == 0 ? "pull" : "pull_reply";
  r.payload.resize(std::uniform_int_distribution<size_t>(0, 3000)(rng));
  for (auto& b : r.payload) b = static_cast<char>(rng());
  return r;
}

log_header test_header() {
  log_header h;
  h.run_config = {{"seed", 3}};
  h.types = {"a", "b"};
  return h;
}

}  // namespace

TEST_CASE("a message log reads back record for record across rotated segments") {
  amb::tests::scratch_dir dir("log-format");
  const auto path = (dir.path / "messages.amblog").string();
  std::mt19937 rng(5);
  std::vector<log_record> written;
  {
    log_writer writer(path, test_header(), /*segment_bytes=*/20000);
    for (int i = 0; i < 60; ++i) {
      written.push_back(make_record(rng, i));
      writer.write(written.back());
    }
  }
  REQUIRE(fs::exists(path + ".1"));  // about 90 KB of records in 20 KB segments
  REQUIRE(fs::exists(path + ".3"));

  log_reader reader(path);
  REQUIRE(reader.header() != nullptr);
  CHECK(reader.header()->run_config["seed"] == 3);
  CHECK(reader.header()->types == std::vector<std::string>{"a", "b"});
  log_record r;
  size_t n = 0;
  for (; reader.next(r); ++n) {
    REQUIRE(n < written.size());
    CHECK(r.seq == n);
    CHECK(r.sender_seq == written[n].sender_seq);
    CHECK(r.sender == written[n].sender);
    CHECK(r.type == written[n].type);
    CHECK(r.wall_ns == written[n].wall_ns);
    CHECK(r.payload == written[n].payload);
  }
  CHECK(n == written.size());
  CHECK_FALSE(reader.damage().has_value());
  CHECK(written[3].sender_seq == 1);  // actor#7's second record
}

TEST_CASE("a log with a missing segment or with bytes after its end is damaged") {
  amb::tests::scratch_dir dir("log-damage");
  const auto path = (dir.path / "messages.amblog").string();
  std::mt19937 rng(6);
  {
    log_writer writer(path, test_header(), 20000);
    for (int i = 0; i < 30; ++i) {
      auto r = make_record(rng, i);
      writer.write(r);
    }
  }
  auto read_all = [](const std::string& p) {
    log_reader reader(p);
    log_record r;
    size_t n = 0;
    while (reader.next(r)) ++n;
    return std::make_pair(n, reader.damage());
  };

  SUBCASE("a missing segment") {
    fs::remove(path + ".1");
    const auto [n, damage] = read_all(path);
    REQUIRE(damage.has_value());
    CHECK(damage->reason.find("messages.amblog.1 is missing") != std::string::npos);
  }
  SUBCASE("bytes after the end") {
    std::ofstream(path + ".2", std::ios::app) << "x";
    const auto [n, damage] = read_all(path);
    REQUIRE(damage.has_value());
    CHECK(damage->reason == "bytes after the log's end record");
    CHECK(n == 30);
  }
}

TEST_CASE("the log of a writer that never closed it (a killed run) is read to its last record") {
  amb::tests::scratch_dir dir("log-killed");
  const auto path = (dir.path / "messages.amblog").string();
  const auto killed = (dir.path / "killed.amblog").string();
  std::mt19937 rng(7);
  {
    log_writer writer(path, test_header(), 1 << 20);
    for (int i = 0; i < 10; ++i) {
      auto r = make_record(rng, i);
      writer.write(r);
    }
    writer.flush();
    fs::copy_file(path, killed);  // what SIGKILL leaves: every flushed record, no end record
  }
  log_reader reader(killed);
  log_record r;
  size_t n = 0;
  while (reader.next(r)) ++n;
  CHECK(n == 10);
  REQUIRE(reader.damage().has_value());
  CHECK(reader.damage()->offset == fs::file_size(killed));
  CHECK(reader.damage()->reason.find("without its end record") != std::string::npos);
}

TEST_CASE("an intact header of an unknown format version is an error, not damage") {
  amb::tests::scratch_dir dir("log-version");
  const auto path = (dir.path / "future.amblog").string();
  auto header = test_header();
  header.format_version = 99;
  { log_writer writer(path, header, 1 << 20); }
  CHECK_THROWS_WITH_AS(log_reader{path},
                       doctest::Contains("format version 99; this amb reads version 1"), log_error);
  CHECK_THROWS_AS(log_writer(path, test_header(), 1 << 20), std::runtime_error);  // no overwrite
}
