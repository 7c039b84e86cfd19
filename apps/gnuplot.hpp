#pragma once

#include <filesystem>
#include <string>

namespace amb::apps {

/// Runs a gnuplot script (Debian's gnuplot-nox) that writes the picture `output` (the script
/// sets it). Returns 0; 2 after telling on stderr, as `who`, that `output` cannot be written,
/// before gnuplot starts (gnuplot itself would draw to standard output instead); or 1 after
/// telling why gnuplot could not run the script, leaving no `output` behind.
int run_gnuplot(const std::string& script, const std::filesystem::path& output,
                const std::string& who);

}  // namespace amb::apps
