#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <string>

#include "recording/log_format.hpp"

namespace amb::recording {

/// Appends records to a log, numbering them (seq and sender_seq), starting a new segment
/// (first.1, first.2, ...) when the current one would pass `segment_bytes`; every segment starts
/// with the header and ends with a framing record. Refuses to overwrite an existing log. Throws
/// std::runtime_error naming the file on any I/O failure.
class log_writer {
 public:
  log_writer(std::string first_segment, log_header header, uint64_t segment_bytes);
  log_writer(const log_writer&) = delete;
  log_writer& operator=(const log_writer&) = delete;

  /// Closes the log (close()); errors are lost here, so call close() to see them.
  ~log_writer();

  /// Numbers `record` and appends it.
  void write(log_record& record);

  /// Writes the log_end record and flushes. Nothing may be written after it.
  void close();

  /// Hands buffered bytes to the operating system: after this they survive the process being
  /// killed (not the machine losing power; there is no fsync).
  void flush();

  /// Flushes and asks the operating system to put the current segment on the disk (fsync):
  /// after this its records survive a power loss too.
  void sync();

  uint64_t records() const { return records_; }
  uint64_t bytes() const { return bytes_total_; }

 private:
  void open_segment(uint32_t index);
  void put(const std::vector<char>& bytes);
  void put_framing(const char* type);

  std::string first_;
  log_header header_;
  uint64_t segment_bytes_;
  std::string file_;
  std::ofstream out_;
  uint64_t bytes_in_segment_ = 0;
  uint64_t records_in_segment_ = 0;
  uint64_t records_ = 0;
  uint32_t chain_ = 0;  // the CRC of the last header or record written: the next one's start
  std::map<std::string, uint64_t> sender_seqs_;
  bool closed_ = false;
  uint64_t bytes_total_ = 0;
};

}  // namespace amb::recording
