#include "recording/log_reader.hpp"

#include <cstring>
#include <filesystem>

#include "messages/shared_bytes.hpp"

namespace amb::recording {

namespace {

// Reads exactly n bytes; returns how many it got.
size_t read_some(std::ifstream& in, char* out, size_t n) {
  in.read(out, static_cast<std::streamsize>(n));
  const auto got = static_cast<size_t>(in.gcount());
  if (got < n) in.clear();  // keep the stream usable for the caller's own checks
  return got;
}

uint32_t load_u32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

}  // namespace

std::string describe(const log_damage& damage) {
  return damage.file + " at byte " + std::to_string(damage.offset) + ": " + damage.reason;
}

log_reader::log_reader(std::string first_segment) : first_(std::move(first_segment)) {
  if (!std::filesystem::is_regular_file(first_)) throw log_error(first_ + ": no such log file");
  open_segment(0);
}

bool log_reader::fail(uint64_t offset, std::string reason, bool cut) {
  damage_ = log_damage{file_, offset, std::move(reason), cut};
  return false;
}

bool log_reader::open_segment(uint32_t index) {
  segment_ = index;
  file_ = segment_path(first_, index);
  in_ = std::ifstream(file_, std::ios::binary);
  offset_ = 0;
  if (!in_) throw log_error(file_ + ": cannot open");

  char fixed[sizeof(log_magic) + 8];
  const size_t got = read_some(in_, fixed, sizeof(fixed));
  if (got < sizeof(log_magic) ? std::memcmp(fixed, log_magic, got) != 0
                              : std::memcmp(fixed, log_magic, sizeof(log_magic)) != 0)
    return fail(0, "bad magic: not an amb message log, or its first bytes are damaged");
  if (got < sizeof(fixed)) return fail(got, "truncated header", true);
  const uint32_t version = load_u32(fixed + sizeof(log_magic));
  const uint32_t json_size = load_u32(fixed + sizeof(log_magic) + 4);
  if (json_size > max_record_bytes)
    return fail(sizeof(log_magic) + 4, "header length " + std::to_string(json_size) + " too large");
  std::vector<char> checked(fixed + sizeof(log_magic), fixed + sizeof(fixed));
  checked.resize(8 + json_size + 4);
  const size_t json_got = read_some(in_, checked.data() + 8, json_size + 4);
  if (json_got < json_size + 4) return fail(sizeof(fixed) + json_got, "truncated header", true);
  const uint32_t stored_crc = load_u32(checked.data() + 8 + json_size);
  if (stored_crc != messages::crc32c(checked.data(), 8 + json_size))
    return fail(sizeof(log_magic), "header checksum mismatch");
  // The header is intact: an unknown version is a newer or foreign format, not damage.
  if (version != log_format_version)
    throw log_error(file_ + ": message log format version " + std::to_string(version) +
                    "; this amb reads version " + std::to_string(log_format_version));
  offset_ = sizeof(fixed) + json_size + 4;
  log_header header;
  header.format_version = version;
  try {
    const auto doc = nlohmann::json::parse(checked.begin() + 8, checked.begin() + 8 + json_size);
    header.segment = doc.at("segment").get<uint32_t>();
    header.log_id = doc.at("log").get<std::string>();
    header.chain = doc.at("chain").get<uint32_t>();
    header.run_config = doc.at("config");
    header.types = doc.at("types").get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception& e) {
    return fail(sizeof(fixed), std::string("header JSON unreadable: ") + e.what());
  }
  if (header.segment != index)
    return fail(sizeof(fixed), "header says segment " + std::to_string(header.segment) +
                                   ", file name says " + std::to_string(index));
  if (header_ && (header.log_id != header_->log_id || header.chain != chain_))
    return fail(sizeof(fixed),
                "this segment does not continue the one before it: it belongs to "
                "another log, or to another place in this one");
  chain_ = stored_crc;
  if (!header_) header_ = std::move(header);
  return true;
}

bool log_reader::next(log_record& record) {
  if (damage_ || ended_) return false;
  for (;;) {
    char length_bytes[4];
    const size_t got = read_some(in_, length_bytes, sizeof(length_bytes));
    if (got == 0)
      return fail(offset_,
                  "the log ends without its end record: the run did not stop cleanly, "
                  "or the file was cut short",
                  true);
    if (got < sizeof(length_bytes)) return fail(offset_, "truncated record length", true);
    const uint32_t size = load_u32(length_bytes);
    if (size > max_record_bytes)
      return fail(offset_, "record length " + std::to_string(size) + " exceeds the limit");
    body_.resize(size + 4);
    const size_t body_got = read_some(in_, body_.data(), body_.size());
    if (body_got < body_.size())
      return fail(offset_,
                  "truncated record: " + std::to_string(size + 8) + " bytes announced, " +
                      std::to_string(4 + body_got) + " present",
                  true);
    const uint32_t stored = load_u32(body_.data() + size);
    if (stored != messages::crc32c_extend(chain_, body_.data(), size))
      return fail(offset_,
                  "record checksum mismatch: the record is damaged, or is not the one written "
                  "after the record before it (records deleted, duplicated, swapped or spliced "
                  "in from elsewhere)");
    if (!decode_record_body(body_.data(), size, record))
      return fail(offset_, "record body lengths do not add up");
    if (record.seq != next_seq_)
      return fail(offset_, "record seq " + std::to_string(record.seq) + " where seq " +
                               std::to_string(next_seq_) + " comes next");
    chain_ = stored;
    const uint64_t at = offset_;
    offset_ += 4 + body_.size();
    if (record.type == segment_end_type) {
      const auto next_file = segment_path(first_, segment_ + 1);
      if (!std::filesystem::exists(next_file))
        return fail(at, "segment " + next_file + " is missing", true);
      if (!open_segment(segment_ + 1)) return false;
      continue;
    }
    if (record.type == log_end_type) {
      char extra;
      if (read_some(in_, &extra, 1) > 0) return fail(offset_, "bytes after the log's end record");
      ended_ = true;
      return false;
    }
    record_offset_ = at;
    ++next_seq_;
    return true;
  }
}

}  // namespace amb::recording
