#include "recording/payload.hpp"

#include <caf/all.hpp>
#include <cstdio>
#include <numeric>

#include "messages/interfaces.hpp"

namespace amb::recording {

using namespace messages;

namespace {

nlohmann::json summary(const trajectory& t) {
  const float* r = t.rewards.floats();
  const size_t n = t.rewards.float_count();
  return {
      {"source", t.source},
      {"policy_version", t.policy_version},
      {"obs_dim", t.obs_dim},
      {"act_dim", t.act_dim},
      {"length", t.length},
      {"return", std::accumulate(r, r + n, 0.0)},
      {"terminated", t.terminated},
      {"observations_crc", checksum_text(crc32c(t.observations.data(), t.observations.size()))}};
}

nlohmann::json summary(const param_blob& b) {
  nlohmann::json out = {{"name", b.name},
                        {"source", b.source},
                        {"algorithm", b.algorithm},
                        {"version", b.version},
                        {"checksum", checksum_text(b.checksum)},
                        {"sections", to_string(b.sections)}};
  // Pushed blobs are recorded without values (actors/recorder.cpp): no count to show.
  if (!b.values.empty()) out["floats"] = b.values.float_count();
  return out;
}

nlohmann::json summary(const trajectory_batch& batch) {
  auto trajectories = nlohmann::json::array();
  for (const auto& t : batch.trajectories) trajectories.push_back(summary(t));
  return {{"first_seq", batch.first_seq},
          {"next_cursor", batch.next_cursor},
          {"skipped", batch.skipped},
          {"trajectories", trajectories}};
}

nlohmann::json summary(const param_pull_reply& r) {
  if (!r.changed) return {{"changed", false}};
  return {{"changed", true}, {"blob", summary(r.blob)}};
}

nlohmann::json summary(const buffer_stats& s) {
  return {{"trajectories_pushed", s.trajectories_pushed},
          {"env_steps", s.env_steps},
          {"trajectories_stored", s.trajectories_stored},
          {"rejected", s.rejected}};
}

template <class T>
bool summarize_as(const caf::message& content, size_t i, nlohmann::json& out) {
  if (!content.match_element<T>(i)) return false;
  out.push_back(summary(content.get_as<T>(i)));
  return true;
}

template <class T>
bool copy_as(const caf::message& content, size_t i, nlohmann::json& out) {
  if (!content.match_element<T>(i)) return false;
  out.push_back(content.get_as<T>(i));
  return true;
}

}  // namespace

std::string checksum_text(uint32_t checksum) {
  char text[11];
  std::snprintf(text, sizeof(text), "0x%08x", checksum);
  return text;
}

caf::message recorded_form(const std::string& type, const caf::message& content) {
  if (type != "push" || !content.match_elements<push_atom, param_blob>()) return content;
  auto blob = content.get_as<param_blob>(1);
  blob.values = shared_bytes();
  return caf::make_message(push_atom::value, std::move(blob));
}

std::vector<char> serialize_payload(caf::actor_system& system, const caf::message& content) {
  std::vector<char> bytes;
  caf::binary_serializer sink{system, bytes};
  auto copy = content;  // CAF's inspect takes a mutable message
  if (auto err = sink(copy))
    throw std::runtime_error("cannot serialise a recorded message: " + system.render(err));
  return bytes;
}

std::optional<caf::message> deserialize_payload(caf::actor_system& system,
                                                const std::vector<char>& bytes) {
  caf::message content;
  caf::binary_deserializer source{system, bytes};
  if (source(content)) return std::nullopt;
  return content;
}

nlohmann::json summarize_payload(const caf::message& content) {
  auto out = nlohmann::json::array();
  for (size_t i = 0; i < content.size(); ++i) {
    if (content.match_element<caf::atom_value>(i)) continue;  // the record's type names it
    const bool known = summarize_as<trajectory>(content, i, out) ||
                       summarize_as<trajectory_batch>(content, i, out) ||
                       summarize_as<param_blob>(content, i, out) ||
                       summarize_as<param_pull_reply>(content, i, out) ||
                       summarize_as<buffer_stats>(content, i, out) ||
                       copy_as<std::string>(content, i, out) ||
                       copy_as<uint64_t>(content, i, out) || copy_as<uint32_t>(content, i, out);
    if (known) continue;
    if (content.match_element<caf::error>(i))
      out.push_back({{"error", caf::to_string(content.get_as<caf::error>(i))}});
    else
      out.push_back(content.stringify(i));
  }
  return out.size() == 1 ? out[0] : out;
}

}  // namespace amb::recording
