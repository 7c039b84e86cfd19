#pragma once

#include <string>

namespace amb::apps {

/// Runs a gnuplot script (Debian's gnuplot-nox). Returns 0, or 1 after telling on stderr, as
/// `who`, why gnuplot could not run it.
int run_gnuplot(const std::string& script, const std::string& who);

}  // namespace amb::apps
