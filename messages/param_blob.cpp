#include "messages/param_blob.hpp"

#include <cstring>
#include <set>

#include "messages/errors.hpp"

namespace amb::messages {

uint32_t checksum_of(const param_blob& blob) {
  // The values' CRC, then the CRC of what describes them with that value appended: a damaged
  // section name or shape fails the check as a damaged value does, at the cost of hashing a
  // few dozen bytes twice.
  std::string described = blob.algorithm + '\n' + to_string(blob.sections) + '\n';
  const uint32_t values_crc = crc32c(blob.values.data(), blob.values.size());
  described.append(reinterpret_cast<const char*>(&values_crc), sizeof values_crc);
  return crc32c(described.data(), described.size());
}

param_blob param_blob::make(std::string name, std::string source, std::string algorithm,
                            uint64_t version, std::vector<param_section> sections,
                            shared_bytes values) {
  param_blob blob;
  blob.name = std::move(name);
  blob.source = std::move(source);
  blob.algorithm = std::move(algorithm);
  blob.version = version;
  blob.sections = std::move(sections);
  blob.values = std::move(values);
  blob.checksum = checksum_of(blob);
  return blob;
}

namespace {

// Why the sections do not describe the values, or "".
std::string sections_problem(const param_blob& blob) {
  if (blob.sections.empty()) return "names no sections";
  std::set<std::string> seen;
  uint64_t total = 0;
  for (const auto& s : blob.sections) {
    if (s.name.empty()) return "has a section without a name";
    if (!seen.insert(s.name).second) return "names section '" + s.name + "' twice";
    if (s.shape.empty() || s.count() == 0) return "gives section '" + s.name + "' an empty shape";
    total += s.count();
  }
  if (total != blob.values.float_count())
    return "has sections of " + std::to_string(total) + " floats over " +
           std::to_string(blob.values.float_count()) + " values";
  return "";
}

}  // namespace

caf::error validate(const param_blob& blob, const param_expectation& expected) {
  const std::string what = "'" + blob.name + "' v" + std::to_string(blob.version);
  const uint64_t stored_version = expected.stored ? expected.stored->version : 0;
  // First: whatever else a damaged blob seems to say is not to be believed.
  if (!expected.from_same_process && checksum_of(blob) != blob.checksum)
    return make_error(errc::bad_checksum, what + " does not match its checksum");
  if (blob.algorithm != expected.algorithm)
    return make_error(errc::bad_request, what + " holds parameters of algorithm '" +
                                             blob.algorithm + "', this run's is '" +
                                             expected.algorithm + "'");
  if (blob.version <= stored_version)
    return make_error(errc::version_backwards,
                      what + " is not newer than the stored v" + std::to_string(stored_version));
  if (blob.values.size() % sizeof(float) != 0 || blob.values.empty())
    return make_error(errc::wrong_dimensions, what + " holds " +
                                                  std::to_string(blob.values.size()) +
                                                  " bytes, not a non-empty float32 array");
  if (auto problem = sections_problem(blob); !problem.empty())
    return make_error(errc::wrong_dimensions, what + " " + problem);
  if (stored_version > 0 && blob.sections != expected.stored->sections)
    return make_error(errc::wrong_dimensions, what + " holds " + to_string(blob.sections) +
                                                  "; the stored v" +
                                                  std::to_string(stored_version) + " holds " +
                                                  to_string(expected.stored->sections));
  const bool vouched_finite = expected.from_same_process && blob.values.known_finite();
  if (!vouched_finite && !all_finite(blob.values.floats(), blob.values.float_count()))
    return make_error(errc::not_finite, what + " contains NaN or Inf");
  return caf::none;
}

}  // namespace amb::messages
