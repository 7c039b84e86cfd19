#include "bench/collection_timeline.hpp"

#include <algorithm>
#include <caf/all.hpp>
#include <map>
#include <stdexcept>

#include "messages/registration.hpp"
#include "messages/trajectory.hpp"
#include "recording/log_reader.hpp"
#include "recording/payload.hpp"

namespace amb::bench {

namespace {

double seconds_of(int64_t monotonic_ns) {
  return static_cast<double>(monotonic_ns) * 1e-9;
}

}  // namespace

collection_timeline read_collection_timeline(const std::string& log_path) {
  caf::actor_system_config cfg;
  messages::register_types(cfg);
  cfg.set("scheduler.max-threads", 1);
  caf::actor_system system{cfg};
  recording::log_reader reader(log_path);
  collection_timeline timeline;
  recording::log_record r;
  while (reader.next(r)) {
    const bool stored_episode = r.receiver == "data_buffer" && r.type == "push";
    const bool stored_theta = r.sender == "policy_server" && r.type == "push_reply";
    if (!stored_episode && !stored_theta) continue;
    const auto content = recording::deserialize_payload(system, r.payload);
    if (!content)
      throw std::runtime_error(log_path + ": record " + std::to_string(r.seq) +
                               " does not deserialise");
    const double at = seconds_of(r.monotonic_ns);
    if (stored_theta && content->match_element<uint64_t>(0)) {
      timeline.thetas.push_back({content->get_as<uint64_t>(0), at});
    } else if (stored_episode && content->match_element<messages::trajectory>(1)) {
      const auto& t = content->get_as<messages::trajectory>(1);
      timeline.episodes.push_back({t.source, at - t.wall_time, at, t.length, t.policy_version});
    }
  }
  if (reader.damage())
    throw std::runtime_error("damaged log: " + recording::describe(*reader.damage()));
  if (timeline.episodes.empty()) throw std::runtime_error(log_path + ": no episode was stored");
  return timeline;
}

double collection_rate(const collection_timeline& timeline) {
  const auto& episodes = timeline.episodes;
  if (episodes.size() < 2) return 0;
  double steps = 0;
  for (size_t i = 1; i < episodes.size(); ++i) steps += episodes[i].steps;
  return steps / (episodes.back().stored - episodes.front().stored);
}

std::vector<double> theta_reach_seconds(const collection_timeline& timeline) {
  // Per collector, its episodes by start; each collector acts with one θ per episode.
  std::map<std::string, std::vector<collection_timeline::episode>> by_collector;
  for (const auto& e : timeline.episodes) by_collector[e.collector].push_back(e);
  for (auto& [name, episodes] : by_collector)
    std::sort(episodes.begin(), episodes.end(),
              [](const auto& a, const auto& b) { return a.start < b.start; });
  std::vector<double> reach;
  for (const auto& theta : timeline.thetas) {
    double last_start = theta.stored;
    bool reached_all = true;
    for (const auto& [name, episodes] : by_collector) {
      const auto first = std::find_if(episodes.begin(), episodes.end(), [&](const auto& e) {
        return e.policy_version >= theta.version;
      });
      if (first == episodes.end()) {
        reached_all = false;
        break;
      }
      last_start = std::max(last_start, first->start);
    }
    if (reached_all) reach.push_back(last_start - theta.stored);
  }
  return reach;
}

}  // namespace amb::bench
