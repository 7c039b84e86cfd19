// The message log's format: what the writer writes, the reader reads back, across segments; and
// the ways a log can be unreadable.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <vector>

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

namespace {

std::vector<char> bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_bytes(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The byte offsets of a log segment's message records, and where the last one ends.
std::vector<uint64_t> record_offsets(const std::string& path) {
  log_reader reader(path);
  log_record r;
  std::vector<uint64_t> offsets;
  size_t last_size = 0;  // r itself is overwritten by the end record
  while (reader.next(r)) {
    offsets.push_back(reader.record_offset());
    last_size = encoded_size(r);
  }
  offsets.push_back(offsets.back() + last_size);
  return offsets;
}

struct reading {
  size_t records = 0;
  std::optional<log_damage> damage;
};

reading read_log(const std::string& path) {
  log_reader reader(path);
  log_record r;
  reading result;
  while (reader.next(r)) ++result.records;
  result.damage = reader.damage();
  return result;
}

}  // namespace

TEST_CASE(
    "records deleted, duplicated, swapped or spliced in, each intact, break the chain there") {
  amb::tests::scratch_dir dir("log-splice");
  const auto path = (dir.path / "messages.amblog").string();
  const auto other = (dir.path / "other.amblog").string();
  std::mt19937 rng(8);
  for (const auto& p : {path, other}) {
    log_writer writer(p, test_header(), 1 << 20);
    for (int i = 0; i < 20; ++i) {
      auto r = make_record(rng, i);
      writer.write(r);
    }
  }
  const auto good = bytes_of(path), foreign = bytes_of(other);
  const auto at = record_offsets(path), foreign_at = record_offsets(other);
  auto span = [](const std::vector<char>& bytes, const std::vector<uint64_t>& offsets, int i) {
    return std::vector<char>(bytes.begin() + static_cast<long>(offsets[i]),
                             bytes.begin() + static_cast<long>(offsets[i + 1]));
  };
  auto without = [&](int i) {
    auto bytes = good;
    bytes.erase(bytes.begin() + static_cast<long>(at[i]),
                bytes.begin() + static_cast<long>(at[i + 1]));
    return bytes;
  };
  auto with_inserted = [&](std::vector<char> bytes, uint64_t where, const std::vector<char>& r) {
    bytes.insert(bytes.begin() + static_cast<long>(where), r.begin(), r.end());
    return bytes;
  };
  struct tampering {
    const char* what;
    std::vector<char> bytes;
    uint64_t break_at;  // where the first record out of place now starts
    size_t good_before;
  };
  const auto record5 = span(good, at, 5);
  for (const auto& t : {
           tampering{"record 5 deleted", without(5), at[5], 5},
           tampering{"record 5 duplicated", with_inserted(good, at[6], record5), at[6], 6},
           tampering{"records 5 and 6 swapped",
                     with_inserted(without(5), at[5] + (at[7] - at[6]), record5), at[5], 5},
           tampering{"record 5 of another log spliced in",
                     with_inserted(without(5), at[5], span(foreign, foreign_at, 5)), at[5], 5},
           tampering{"the last record deleted", without(19), at[19], 19},
       }) {
    INFO(std::string(t.what));
    write_bytes(path, t.bytes);
    const auto result = read_log(path);
    CHECK(result.records == t.good_before);
    REQUIRE(result.damage.has_value());
    CHECK(result.damage->offset == t.break_at);
    CHECK_FALSE(result.damage->cut);
    INFO(result.damage->reason);
    CHECK(result.damage->reason.find("not the one written after the record before it") !=
          std::string::npos);
  }
}

TEST_CASE("a segment of another log breaks the log there") {
  amb::tests::scratch_dir dir("log-segment-splice");
  const auto path = (dir.path / "messages.amblog").string();
  const auto other = (dir.path / "other.amblog").string();
  std::mt19937 rng(9);
  for (const auto& p : {path, other}) {
    log_writer writer(p, test_header(), 20000);
    for (int i = 0; i < 40; ++i) {
      auto r = make_record(rng, i);
      writer.write(r);
    }
  }
  REQUIRE(fs::exists(path + ".2"));
  REQUIRE(fs::exists(other + ".1"));
  // Intact, with the right segment number in its header, but another log's.
  const auto second = bytes_of(path + ".1");
  write_bytes(path + ".1", bytes_of(other + ".1"));
  const auto result = read_log(path);
  REQUIRE(result.damage.has_value());
  CHECK(result.damage->file == path + ".1");
  CHECK(result.damage->reason.find("does not continue the one before it") != std::string::npos);
  write_bytes(path + ".1", second);
  CHECK_FALSE(read_log(path).damage.has_value());
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
  const auto expected =
      "format version 99; this amb reads version " + std::to_string(log_format_version);
  CHECK_THROWS_WITH_AS(log_reader{path}, doctest::Contains(expected.c_str()), log_error);
  CHECK_THROWS_AS(log_writer(path, test_header(), 1 << 20), std::runtime_error);  // no overwrite
}
