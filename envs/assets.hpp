#pragma once

#include <map>
#include <string>

namespace amb::envs {

/// The MJCF models of envs/assets/, by file name, embedded at build time.
const std::map<std::string, std::string>& embedded_assets();

}  // namespace amb::envs
