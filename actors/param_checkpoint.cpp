#include "actors/param_checkpoint.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "actors/trajectory_store.hpp"
#include "messages/errors.hpp"

namespace amb::actors {

namespace {

constexpr char magic[8] = {'A', 'M', 'B', 'P', 'A', 'R', 'A', 'M'};
// 2: the algorithm's name and the sections (1 had neither).
constexpr uint32_t format_version = 2;

template <class T>
void put(std::vector<char>& out, T value) {
  const char* p = reinterpret_cast<const char*>(&value);
  out.insert(out.end(), p, p + sizeof(T));
}

void put_text(std::vector<char>& out, const std::string& text) {
  put(out, static_cast<uint16_t>(text.size()));
  out.insert(out.end(), text.begin(), text.end());
}

// Reads the fields of a checkpoint in order; any shortfall or inconsistency is a store_error
// naming the file and the offset of the field at fault.
class field_reader {
 public:
  field_reader(std::string path, const std::vector<char>& bytes)
      : path_(std::move(path)), bytes_(bytes) {}

  [[noreturn]] void fail(size_t at, const std::string& reason) const {
    throw store_error(path_ + " at byte " + std::to_string(at) + ": " + reason);
  }

  const char* take(size_t n) {
    if (bytes_.size() - offset_ < n) fail(bytes_.size(), "truncated checkpoint");
    const char* p = bytes_.data() + offset_;
    offset_ += n;
    return p;
  }

  template <class T>
  T number() {
    T value;
    std::memcpy(&value, take(sizeof(T)), sizeof(T));
    return value;
  }

  std::string text() {
    const auto n = number<uint16_t>();
    const char* p = take(n);
    return std::string(p, n);
  }

  size_t offset() const { return offset_; }

 private:
  std::string path_;
  const std::vector<char>& bytes_;
  size_t offset_ = 0;
};

void write_synced(const std::string& path, const std::vector<char>& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) throw std::runtime_error(path + ": cannot create");
  size_t done = 0;
  while (done < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const bool ok = done == bytes.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error(path + ": write failed");
}

}  // namespace

void write_param_checkpoint(const std::string& path, const messages::param_blob& blob) {
  std::vector<char> bytes(std::begin(magic), std::end(magic));
  put(bytes, format_version);
  put(bytes, blob.version);
  put(bytes, blob.checksum);
  put_text(bytes, blob.name);
  put_text(bytes, blob.source);
  put_text(bytes, blob.algorithm);
  put(bytes, static_cast<uint16_t>(blob.sections.size()));
  for (const auto& section : blob.sections) {
    put_text(bytes, section.name);
    put(bytes, static_cast<uint8_t>(section.shape.size()));
    for (const uint64_t d : section.shape) put(bytes, d);
  }
  put(bytes, static_cast<uint64_t>(blob.values.float_count()));
  const char* values = reinterpret_cast<const char*>(blob.values.floats());
  bytes.insert(bytes.end(), values, values + blob.values.size());
  put(bytes, messages::crc32c(bytes.data(), bytes.size()));
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  const auto temporary = path + ".tmp";
  write_synced(temporary, bytes);
  std::filesystem::rename(temporary, path);  // atomic: the old checkpoint or the new, whole
}

std::optional<messages::param_blob> read_param_checkpoint(const std::string& path,
                                                          const std::string& name,
                                                          const std::string& algorithm) {
  if (!std::filesystem::exists(path)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  if (!in.eof() && !in) throw store_error(path + ": cannot read");
  field_reader read(path, bytes);
  if (std::memcmp(read.take(sizeof(magic)), magic, sizeof(magic)) != 0)
    read.fail(0, "not an amb parameter checkpoint (bad magic)");
  // The checksum covers everything else: check it before believing any length inside.
  if (bytes.size() >= sizeof(magic) + 4) {
    const size_t at = bytes.size() - 4;
    uint32_t stored;
    std::memcpy(&stored, bytes.data() + at, 4);
    if (stored != messages::crc32c(bytes.data(), at))
      read.fail(at, "the checksum here does not match bytes 0 to " + std::to_string(at - 1) +
                        ": the file is damaged or truncated");
  }
  const size_t version_at = read.offset();
  if (const auto version = read.number<uint32_t>(); version != format_version)
    read.fail(version_at, "checkpoint format version " + std::to_string(version) +
                              "; this amb reads version " + std::to_string(format_version));
  messages::param_blob blob;
  blob.version = read.number<uint64_t>();
  blob.checksum = read.number<uint32_t>();
  const size_t name_at = read.offset();
  blob.name = read.text();
  if (blob.name != name)
    read.fail(name_at, "holds the '" + blob.name + "' parameters, not '" + name + "'");
  blob.source = read.text();
  const size_t algorithm_at = read.offset();
  blob.algorithm = read.text();
  if (blob.algorithm != algorithm)
    read.fail(algorithm_at, "holds parameters of algorithm '" + blob.algorithm +
                                "', this run's is '" + algorithm + "'");
  blob.sections.resize(read.number<uint16_t>());
  for (auto& section : blob.sections) {
    section.name = read.text();
    section.shape.resize(read.number<uint8_t>());
    for (auto& d : section.shape) d = read.number<uint64_t>();
  }
  const size_t count_at = read.offset();
  const auto count = read.number<uint64_t>();
  if (count != (bytes.size() - read.offset() - 4) / sizeof(float))
    read.fail(count_at, "float count " + std::to_string(count) + " does not match the file size");
  const size_t values_at = read.offset();
  const auto* values = reinterpret_cast<const float*>(read.take(count * sizeof(float)));
  blob.values = messages::shared_bytes::from_floats(values, count);
  // Version 0: the server's record that nothing had been pushed yet (written at its start).
  if (blob.version == 0) {
    if (count != 0 || !blob.sections.empty())
      read.fail(values_at, "version 0 (nothing pushed yet) holds parameters");
    return blob;
  }
  if (auto err = messages::validate(blob, {algorithm, nullptr, false}))
    read.fail(values_at, "the parameters are not valid: " + messages::describe(err));
  return blob;
}

}  // namespace amb::actors
