#pragma once

// Reading a run folder's progress_<worker>.csv (actors/metrics_sink.hpp) in tests.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace amb::tests {

/// The values of column `name`, one per row (none when the file does not exist yet).
inline std::vector<double> csv_column(const std::filesystem::path& csv, const std::string& name) {
  std::ifstream in(csv);
  std::string line;
  if (!std::getline(in, line)) return {};
  std::vector<std::string> names;
  for (std::stringstream header(line); std::getline(header, line, ',');) names.push_back(line);
  const auto index = std::find(names.begin(), names.end(), name) - names.begin();
  REQUIRE_MESSAGE(index < long(names.size()), csv << " has no column " << name);
  std::vector<double> values;
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::string cell;
    for (long i = 0; i <= index; ++i) std::getline(row, cell, ',');
    values.push_back(std::stod(cell));
  }
  return values;
}

}  // namespace amb::tests
