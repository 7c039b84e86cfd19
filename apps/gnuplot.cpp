#include "apps/gnuplot.hpp"

#include <sys/wait.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

namespace amb::apps {

int run_gnuplot(const std::string& script, const std::filesystem::path& output,
                const std::string& who) {
  // Opening it here is the one check that covers a missing folder, a folder in its place and
  // missing permissions alike.
  if (!std::ofstream(output, std::ios::binary | std::ios::trunc)) {
    std::cerr << who << ": cannot write " << output.string() << ": " << std::strerror(errno)
              << "\n";
    return 2;
  }
  FILE* gnuplot = popen("gnuplot 2>&1", "w");
  if (!gnuplot) {
    std::cerr << who << ": cannot start a shell for gnuplot: " << std::strerror(errno) << "\n";
    std::filesystem::remove(output);
    return 1;
  }
  std::fputs(script.c_str(), gnuplot);
  const int status = pclose(gnuplot);
  if (status == 0) return 0;
  std::filesystem::remove(output);
  // The shell answers 127 for a command it cannot find.
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    std::cerr << who << ": gnuplot is not installed (the Debian package gnuplot-nox)\n";
  else
    std::cerr << who << ": gnuplot failed (its messages are above)\n";
  return 1;
}

}  // namespace amb::apps
