#pragma once

// A parameter server's checkpoint: its latest blob in one file, replaced atomically.
//
//   magic "AMBPARAM" | u32 format version | u64 version | u32 blob checksum
//   | u16 n | n bytes of name | u16 m | m bytes of source | u16 a | a bytes of algorithm
//   | u16 sections, each: u16 k | k bytes of its name | u8 rank | rank u64 dimensions
//   | u64 float count | float32 values | u32 CRC-32C(everything before it)

#include <optional>
#include <string>

#include "messages/param_blob.hpp"

namespace amb::actors {

/// Writes `blob` to `path` (creating its folder) so that the file always holds a whole
/// checkpoint (version 0 without values: nothing pushed yet): it writes
/// `path`.tmp, puts it on the disk (fsync) and renames it over `path`. Throws
/// std::runtime_error naming the file on an I/O failure.
void write_param_checkpoint(const std::string& path, const messages::param_blob& blob);

/// The blob checkpointed at `path`; nullopt when there is no such file (nothing was pushed
/// before the last checkpoint). Throws store_error (actors/trajectory_store.hpp) naming the file
/// and byte offset when the file is damaged or holds anything but a valid blob called `name`
/// of `algorithm`.
std::optional<messages::param_blob> read_param_checkpoint(const std::string& path,
                                                          const std::string& name,
                                                          const std::string& algorithm);

}  // namespace amb::actors
