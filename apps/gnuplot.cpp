#include "apps/gnuplot.hpp"

#include <cstdio>
#include <iostream>

namespace amb::apps {

int run_gnuplot(const std::string& script, const std::string& who) {
  FILE* gnuplot = popen("gnuplot 2>&1", "w");
  if (!gnuplot) {
    std::cerr << who << ": cannot start gnuplot (install the Debian package gnuplot-nox)\n";
    return 1;
  }
  std::fputs(script.c_str(), gnuplot);
  const int status = pclose(gnuplot);
  if (status != 0) {
    std::cerr << who << ": gnuplot failed (exit status " << status
              << "); is the Debian package gnuplot-nox installed?\n";
    return 1;
  }
  return 0;
}

}  // namespace amb::apps
