#include "render/video_writer.hpp"

#include <cstdlib>
#include <stdexcept>

namespace amb::render {

namespace {

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}

}  // namespace

video_writer::video_writer(const std::string& path, int width, int height, double fps)
    : path_(path), frame_bytes_(size_t(width) * height * 3) {
  const auto command = "ffmpeg -y -v error -f rawvideo -pix_fmt rgb24 -s " + std::to_string(width) +
                       "x" + std::to_string(height) + " -r " + number(fps) +
                       " -i - -c:v libx264 -pix_fmt yuv420p -movflags +faststart " + quoted(path);
  pipe_ = popen(command.c_str(), "w");
  if (!pipe_) throw std::runtime_error("cannot start ffmpeg for " + path);
}

video_writer::~video_writer() {
  if (pipe_) pclose(pipe_);
}

void video_writer::write(const std::vector<uint8_t>& rgb) {
  if (rgb.size() != frame_bytes_)
    throw std::invalid_argument("a frame of " + std::to_string(rgb.size()) + " bytes, want " +
                                std::to_string(frame_bytes_));
  if (std::fwrite(rgb.data(), 1, rgb.size(), pipe_) != rgb.size())
    throw std::runtime_error("ffmpeg stopped taking frames for " + path_ +
                             " (is the folder writable? is ffmpeg installed?)");
  ++frames_;
}

int video_writer::finish() {
  const int status = pclose(pipe_);
  pipe_ = nullptr;
  if (status != 0)
    throw std::runtime_error("ffmpeg could not write " + path_ +
                             " (is the folder writable? is ffmpeg installed: make setup)");
  return frames_;
}

void write_gif(const std::string& from, const std::string& to, double fps) {
  const auto command = "ffmpeg -y -v error -i " + quoted(from) + " -vf \"fps=" + number(fps) +
                       ",split[a][b];[a]palettegen[p];[b][p]paletteuse\" " + quoted(to);
  if (std::system(command.c_str()) != 0) throw std::runtime_error("ffmpeg could not write " + to);
}

}  // namespace amb::render
