#include "recording/log_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <stdexcept>

namespace amb::recording {

log_writer::log_writer(std::string first_segment, log_header header, uint64_t segment_bytes)
    : first_(std::move(first_segment)), header_(std::move(header)), segment_bytes_(segment_bytes) {
  // Tells this log from any other, even one of the same run and configuration.
  std::random_device entropy;
  const uint64_t id = (uint64_t{entropy()} << 32) | entropy();
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(id));
  header_.log_id = text;
  open_segment(0);
}

void log_writer::open_segment(uint32_t index) {
  file_ = segment_path(first_, index);
  if (std::filesystem::exists(file_))
    throw std::runtime_error(file_ + ": a message log is already there; not overwriting it");
  out_ = std::ofstream(file_, std::ios::binary);
  if (!out_) throw std::runtime_error(file_ + ": cannot create");
  header_.segment = index;
  header_.chain = chain_;  // the record that ended the segment before (0 for the first)
  bytes_in_segment_ = 0;
  records_in_segment_ = 0;
  const auto bytes = encode_header(header_);
  put(bytes);
  chain_ = stored_checksum(bytes);
}

void log_writer::put(const std::vector<char>& bytes) {
  out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out_) throw std::runtime_error(file_ + ": write failed");
  bytes_in_segment_ += bytes.size();
  bytes_total_ += bytes.size();
}

log_writer::~log_writer() {
  try {
    close();
  } catch (const std::exception&) {
    // Nowhere to report it; the reader will call the log truncated.
  }
}

void log_writer::put_framing(const char* type) {
  log_record framing;
  framing.seq = records_;  // the next message's number; framing records do not take one
  framing.type = type;
  const auto bytes = encode_record(framing, chain_);
  put(bytes);
  chain_ = stored_checksum(bytes);
}

void log_writer::write(log_record& record) {
  if (closed_) throw std::logic_error(file_ + ": write after close");
  record.seq = records_;
  record.sender_seq = sender_seqs_[record.sender]++;
  // A record larger than a segment still goes somewhere: alone in its own segment. Its size
  // does not depend on the chain, which the new segment's header changes.
  if (records_in_segment_ > 0 && bytes_in_segment_ + encoded_size(record) > segment_bytes_) {
    put_framing(segment_end_type);
    flush();
    open_segment(header_.segment + 1);
  }
  const auto bytes = encode_record(record, chain_);
  put(bytes);
  chain_ = stored_checksum(bytes);
  ++records_in_segment_;
  ++records_;
}

void log_writer::flush() {
  out_.flush();
  if (!out_) throw std::runtime_error(file_ + ": write failed");
}

void log_writer::sync() {
  flush();
  // fsync works on the file, through any descriptor of it; the ofstream does not show its own.
  const int fd = ::open(file_.c_str(), O_RDONLY);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (!synced) throw std::runtime_error(file_ + ": fsync failed");
}

void log_writer::close() {
  if (closed_) return;
  closed_ = true;
  put_framing(log_end_type);
  flush();
}

}  // namespace amb::recording
