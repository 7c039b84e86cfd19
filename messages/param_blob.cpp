#include "messages/param_blob.hpp"

#include "messages/errors.hpp"

namespace amb::messages {

param_blob param_blob::make(std::string name, std::string source, uint64_t version,
                            shared_bytes values) {
  param_blob blob;
  blob.name = std::move(name);
  blob.source = std::move(source);
  blob.version = version;
  blob.checksum = crc32c(values.data(), values.size());
  blob.values = std::move(values);
  return blob;
}

caf::error validate(const param_blob& blob, const param_expectation& expected) {
  const std::string what = "'" + blob.name + "' v" + std::to_string(blob.version);
  if (blob.version <= expected.current_version)
    return make_error(errc::version_backwards, what + " is not newer than the stored v" +
                                                   std::to_string(expected.current_version));
  if (blob.values.size() % sizeof(float) != 0 || blob.values.empty())
    return make_error(errc::wrong_dimensions, what + " holds " +
                                                  std::to_string(blob.values.size()) +
                                                  " bytes, not a non-empty float32 array");
  if (expected.float_count != 0 && blob.values.float_count() != expected.float_count)
    return make_error(errc::wrong_dimensions,
                      what + " holds " + std::to_string(blob.values.float_count()) +
                          " floats, expected " + std::to_string(expected.float_count));
  if (!expected.from_same_process &&
      crc32c(blob.values.data(), blob.values.size()) != blob.checksum)
    return make_error(errc::bad_checksum, what + " does not match its checksum");
  const bool vouched_finite = expected.from_same_process && blob.values.known_finite();
  if (!vouched_finite && !all_finite(blob.values.floats(), blob.values.float_count()))
    return make_error(errc::not_finite, what + " contains NaN or Inf");
  return caf::none;
}

}  // namespace amb::messages
