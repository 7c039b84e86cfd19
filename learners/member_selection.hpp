#pragma once

// Which member of an ensemble predicts each row of a rollout: the choice that decides which
// model errors a policy can learn to exploit. ME-TRPO draws a member anew at every step; a path
// rolled through one member throughout is what MB-MPO adapts to and MAAC backpropagates
// through; a planner or a test may fix them.

#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <string>

namespace amb::learners {

class member_selection {
 public:
  /// Every row of every step from a member drawn anew (ME-TRPO).
  static member_selection per_step(int members);
  /// Every path keeps the member drawn at its first step.
  static member_selection per_path(int members);
  /// Row i from members[i] ([rows] int64) at every step (MB-MPO's adaptation to member k).
  static member_selection given(torch::Tensor members);
  /// "per_step" or "per_path"; throws std::invalid_argument naming the valid ones otherwise.
  static member_selection named(const std::string& name, int members);

  /// The members [rows] int64 of the rows of step t of a rollout; t == 0 starts new paths.
  /// Throws std::invalid_argument when given members do not match the rows.
  torch::Tensor at_step(int t, int64_t rows, at::Generator& generator);

 private:
  enum class rule { per_step, per_path, given };
  member_selection(rule r, int members, torch::Tensor chosen);

  rule rule_;
  int members_;
  torch::Tensor chosen_;  // the given members, or per_path's draw for the current paths
};

}  // namespace amb::learners
