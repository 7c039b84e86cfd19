#include <iostream>

#include "apps/commands.hpp"

namespace amb::apps {

int bench_command(const std::vector<std::string>&) {
  std::cerr << "amb bench: no benchmark yet\n";
  return 2;
}

}  // namespace amb::apps
