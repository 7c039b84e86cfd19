#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

#include "recording/log_format.hpp"

namespace amb::recording {

/// A log that cannot be read at all: missing file, or a format version this build does not know.
class log_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Where and why a log stops being readable.
struct log_damage {
  std::string file;
  uint64_t offset = 0;  // byte offset in `file` of the first unreadable byte
  std::string reason;
  // The data simply stops (the file ends early, or without its end record): what a writer killed
  // mid-way leaves behind. Otherwise the bytes are there but wrong.
  bool cut = false;
};

/// "FILE at byte N: reason", as every reader of logs reports damage.
std::string describe(const log_damage& damage);

/// Reads a log's records in order, across its rotated segments (first, first.1, first.2, ...),
/// up to the last good record. Damage (a missing end record, truncation, a checksum mismatch,
/// lengths that do not add up, bytes after the end, a record or segment out of its place in the
/// chain, a gap in the sequence numbers) ends the reading and is kept in damage(); it does not
/// throw.
class log_reader {
 public:
  /// Opens the first segment and reads its header. Throws log_error when the file cannot be
  /// opened or its (intact) header names an unknown format version.
  explicit log_reader(std::string first_segment);

  /// The first segment's header; null when it is damaged.
  const log_header* header() const { return header_ ? &*header_ : nullptr; }

  /// The next good message record (framing records are consumed here); false at the log's end
  /// record or at damage.
  bool next(log_record& record);

  const std::optional<log_damage>& damage() const { return damage_; }

  /// The segment file and byte offset of the record next() returned last.
  const std::string& file() const { return file_; }
  uint64_t record_offset() const { return record_offset_; }

 private:
  bool open_segment(uint32_t index);  // false (and damage set) when its header is damaged
  bool fail(uint64_t offset, std::string reason, bool cut = false);

  std::string first_;
  uint32_t segment_ = 0;
  std::string file_;
  std::ifstream in_;
  uint64_t offset_ = 0;  // of the next unread byte
  uint64_t record_offset_ = 0;
  bool ended_ = false;     // the log_end record was read
  uint32_t chain_ = 0;     // the CRC of the last header or record read: the next one's start
  uint64_t next_seq_ = 0;  // what the next record must be numbered
  std::optional<log_header> header_;
  std::optional<log_damage> damage_;
  std::vector<char> body_;
};

}  // namespace amb::recording
