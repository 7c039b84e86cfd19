#pragma once

// Pictures and videos as pixels, in tests: decoded by Debian's ffmpeg into raw RGB.

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace amb::tests {

/// Every frame of the image or video at `path` as RGB bytes (width * height * 3 per frame, one
/// after the other).
inline std::vector<uint8_t> decoded_rgb(const std::filesystem::path& path) {
  const std::string command =
      "ffmpeg -v error -i '" + path.string() + "' -f rawvideo -pix_fmt rgb24 - 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  while (const size_t n = fread(chunk, 1, sizeof(chunk), pipe))
    bytes.insert(bytes.end(), chunk, chunk + n);
  REQUIRE_MESSAGE(pclose(pipe) == 0, "ffmpeg could not decode " << path);
  return bytes;
}

/// How many pixels of RGB `bytes` are not white.
inline size_t coloured_pixels(const std::vector<uint8_t>& bytes) {
  size_t coloured = 0;
  for (size_t i = 0; i + 2 < bytes.size(); i += 3)
    if (bytes[i] != 255 || bytes[i + 1] != 255 || bytes[i + 2] != 255) ++coloured;
  return coloured;
}

}  // namespace amb::tests
