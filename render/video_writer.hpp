#pragma once

// Frames into a video file, encoded by Debian's ffmpeg (H.264 in MP4, or a GIF with its own
// palette for a README), fed raw RGB through a pipe.

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace amb::render {

class video_writer {
 public:
  /// Starts ffmpeg writing `path` (overwritten) from frames of `width` x `height` (both even,
  /// as H.264 in 4:2:0 needs) at `fps` frames a second. Throws std::runtime_error when it
  /// cannot be started.
  video_writer(const std::string& path, int width, int height, double fps);
  ~video_writer();
  video_writer(const video_writer&) = delete;
  video_writer& operator=(const video_writer&) = delete;

  /// Appends one frame: RGB rows from the top, width * height * 3 bytes.
  void write(const std::vector<uint8_t>& rgb);

  /// Waits for ffmpeg to finish the file; throws std::runtime_error naming the file when it
  /// failed. Returns the frames written.
  int finish();

 private:
  std::string path_;
  size_t frame_bytes_;
  FILE* pipe_ = nullptr;
  int frames_ = 0;
};

/// Converts the video at `from` into an animated GIF at `to` (overwritten) at `fps` with a
/// palette made for it (ffmpeg's palettegen and paletteuse); throws std::runtime_error naming
/// the file when ffmpeg fails.
void write_gif(const std::string& from, const std::string& to, double fps);

}  // namespace amb::render
