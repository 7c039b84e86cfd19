#include "learners/naf/trajectory_modes.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace amb::learners::naf {

namespace {

// Lloyd's iterations stop when no episode changes mode, which a handful of episodes reach in a
// few; this only bounds a cycle between equal-cost groupings.
constexpr int max_iterations = 100;

// Each episode's states of steps 0..S-1 (S the shortest episode's count) in one row, every
// state dimension divided by its standard deviation over them: [episodes, S · obs_dim].
torch::Tensor scaled_trajectories(const std::vector<recorded_episode>& episodes) {
  int64_t steps = episodes.front().obs.size(0);
  for (const auto& e : episodes) steps = std::min(steps, e.obs.size(0));
  std::vector<torch::Tensor> rows;
  for (const auto& e : episodes) rows.push_back(e.obs.narrow(0, 0, steps).to(torch::kFloat64));
  const auto states = torch::stack(rows);  // [episodes, S, obs_dim]
  const auto spread = states.reshape({-1, states.size(2)}).std(0, /*unbiased=*/false);
  // A dimension that never changes (a fixed target) carries no mode.
  return (states / spread.clamp_min(1e-8)).reshape({states.size(0), -1});
}

// Centres from the last row, then each time the row farthest from its nearest centre, until
// `count` or until every row sits on a centre.
torch::Tensor farthest_point_centres(const torch::Tensor& rows, int64_t count) {
  std::vector<int64_t> picked{rows.size(0) - 1};
  auto nearest = (rows - rows[picked[0]]).pow(2).sum(1);
  while (int64_t(picked.size()) < count) {
    const auto farthest = nearest.argmax().item<int64_t>();
    if (nearest[farthest].item<double>() == 0) break;
    picked.push_back(farthest);
    nearest = torch::min(nearest, (rows - rows[farthest]).pow(2).sum(1));
  }
  return rows.index_select(0, torch::tensor(picked, torch::kInt64));
}

}  // namespace

std::vector<int> trajectory_modes(const std::vector<recorded_episode>& episodes, int modes) {
  if (episodes.empty()) throw std::invalid_argument("trajectory modes: no episodes to group");
  if (modes < 1)
    throw std::invalid_argument("trajectory modes: " + std::to_string(modes) +
                                " modes; at least 1");
  torch::NoGradGuard no_grad;
  const auto rows = scaled_trajectories(episodes);
  auto centres = farthest_point_centres(rows, std::min<int64_t>(modes, rows.size(0)));
  torch::Tensor labels;
  for (int i = 0; i < max_iterations; ++i) {
    const auto nearest = torch::cdist(rows, centres).argmin(1);
    if (labels.defined() && nearest.equal(labels)) break;
    labels = nearest;
    std::vector<torch::Tensor> kept;  // a centre no episode is nearest to is dropped
    for (int64_t k = 0; k < centres.size(0); ++k) {
      const auto members = labels.eq(k);
      if (members.any().item<bool>()) kept.push_back(rows.index({members}).mean(0));
    }
    centres = torch::stack(kept);
  }
  labels = torch::cdist(rows, centres).argmin(1).contiguous();
  // Numbered by the newest episode of each, latest first.
  const auto raw =
      std::vector<int64_t>(labels.data_ptr<int64_t>(), labels.data_ptr<int64_t>() + labels.numel());
  std::vector<int> renumbered(raw.size(), -1), number_of(size_t(centres.size(0)), -1);
  int next = 0;
  for (size_t e = raw.size(); e-- > 0;) {
    auto& number = number_of[size_t(raw[e])];
    if (number < 0) number = next++;
    renumbered[e] = number;
  }
  return renumbered;
}

std::vector<std::vector<recorded_episode>> episodes_by_mode(
    const std::vector<recorded_episode>& episodes, int modes, size_t per_mode) {
  const auto labels = trajectory_modes(episodes, modes);
  std::vector<std::vector<recorded_episode>> groups(
      size_t(*std::max_element(labels.begin(), labels.end()) + 1));
  for (size_t e = 0; e < episodes.size(); ++e) groups[size_t(labels[e])].push_back(episodes[e]);
  for (auto& group : groups)
    if (group.size() > per_mode) group.erase(group.begin(), group.end() - std::ptrdiff_t(per_mode));
  return groups;
}

}  // namespace amb::learners::naf
