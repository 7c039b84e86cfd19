#pragma once

// How large a configured network may be: every layer in its range can still add up to more
// than the machine holds (64 members of four 4096-wide layers are 3e9 weights, 13 GB before
// gradients and Adam's moments), which LibTorch would report as a failed allocation deep in a
// learner after the run had started. A configuration check refuses it first, naming the key.

#include <cstdio>
#include <string>
#include <vector>

#include "config/fields.hpp"

namespace amb::learners {

/// At most this many weights in one network (an ensemble counts all its members): 100 MB of
/// float32, 400 MB with gradients and Adam's two moments.
inline constexpr double max_network_weights = 25e6;

/// The weights of a fully connected network with these hidden layers between an input and an
/// output of `outer` numbers each (64 bounds every task's observation and action here).
inline double weights_of(const std::vector<int>& hidden, double outer = 64) {
  double weights = 0, in = outer;
  for (const int width : hidden) {
    weights += (in + 1) * width;
    in = width;
  }
  return weights + (in + 1) * outer;
}

/// Throws config::config_error at `path` when `copies` networks of `hidden` exceed the limit.
inline void check_network_size(const std::vector<int>& hidden, int copies,
                               const std::string& path) {
  const double weights = copies * weights_of(hidden);
  if (weights <= max_network_weights) return;
  char text[160];
  std::snprintf(text, sizeof(text),
                ": hidden layers this wide hold about %.2g weights%s; at most %.2g fit (100 MB)",
                weights, copies > 1 ? " over all members" : "", max_network_weights);
  throw config::config_error(path + text);
}

}  // namespace amb::learners
