#pragma once

// The binary layout of a message log (shared/DESIGN.md, "Message logs and replay"). A segment
// file is a header followed by records:
//
//   header: magic "AMBLOG\r\n" | u32 format version | u32 n | n bytes of JSON
//           | u32 CRC-32C(version to JSON)
//   record: u32 n | n bytes of body | u32 CRC-32C(body), extended from the CRC before it
//
// The checksums are chained: a segment's first record's CRC goes on from its header's, every
// other record's from the record's before it (messages::crc32c_extend), and a later segment's
// header names the CRC of the record that ended the segment before it. A record deleted,
// duplicated, swapped or spliced in from another log, each of them intact, fails the check at
// the first record out of place. Records also carry gap-free sequence numbers, which a reader
// checks, and every log's header a random identity of its own.
//   body:   u64 seq | u64 sender_seq | i64 monotonic_ns | i64 wall_ns
//           | str sender | str receiver | str node | str type | u32 m | m bytes of payload
//   str:    u16 length | bytes
//
// A segment ends with a framing record of type "segment_end" (the log goes on in the next
// segment) or "log_end" (the log was closed); a log without one was cut short, by a killed
// process or a truncated copy. Framing records are not messages: readers do not return them.
//
// Integers are little-endian. The payload is a CAF-serialised message (recording/payload.hpp);
// a pushed param_blob is stored without its values (see actors/recorder.cpp).
// The "\r\n" in the magic shows a file mangled by a text-mode transfer at once.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace amb::recording {

inline constexpr char log_magic[8] = {'A', 'M', 'B', 'L', 'O', 'G', '\r', '\n'};
// 2: chained checksums, and a param_blob names its algorithm and sections (1 had neither).
inline constexpr uint32_t log_format_version = 2;
// A length field above this is damage, not a record: it keeps a flipped bit in a length from
// asking for gigabytes.
inline constexpr uint32_t max_record_bytes = 512u << 20;
inline constexpr const char* segment_end_type = "segment_end";
inline constexpr const char* log_end_type = "log_end";

/// What a segment's header says: the run it belongs to and how to read its payloads.
struct log_header {
  uint32_t format_version = log_format_version;
  uint32_t segment = 0;            // 0 for the file named in the run folder, then 1, 2, ...
  std::string log_id;              // random, the same in every segment of one log
  uint32_t chain = 0;              // the CRC of the record that ended the segment before; 0
  nlohmann::json run_config;       // the resolved configuration (params.json)
  std::vector<std::string> types;  // the message type registry, in type-ID order
};

/// One recorded message.
struct log_record {
  uint64_t seq = 0;          // global, in the order the recorder received them (log_writer)
  uint64_t sender_seq = 0;   // per sender (log_writer)
  int64_t monotonic_ns = 0;  // steady clock at the server, when it handled the message
  int64_t wall_ns = 0;       // system clock, the same moment
  std::string sender;        // a server's name, or "actor#<id>" (see label records)
  std::string receiver;
  std::string node;  // the sender's CAF node
  std::string type;  // e.g. "push", "push_reply", "pull_error", "label"
  std::vector<char> payload;
};

/// The bytes of a header, magic to checksum.
std::vector<char> encode_header(const log_header& header);

/// The bytes of a record, length to checksum, its checksum extended from `chain` (the CRC of
/// the header or record before it).
std::vector<char> encode_record(const log_record& record, uint32_t chain);

/// How many bytes encode_record makes of `record`.
size_t encoded_size(const log_record& record);

/// The checksum at the end of encoded bytes (a header's or a record's): what the next record
/// chains from.
uint32_t stored_checksum(const std::vector<char>& encoded);

/// Parses a record body (the n bytes between length and checksum, checksum already verified).
/// Returns false when the body's own lengths do not add up.
bool decode_record_body(const char* body, size_t size, log_record& record);

/// The file of segment `index` of the log whose first segment is `first`: first, first.1, ...
std::string segment_path(const std::string& first, uint32_t index);

}  // namespace amb::recording
