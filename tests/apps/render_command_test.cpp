// `amb render` through the real binary: MuJoCo's renderer offscreen (EGL, no display) and
// ffmpeg's encoder, the video decoded again by ffmpeg.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/amb_command.hpp"
#include "tests/decoded_frames.hpp"

namespace fs = std::filesystem;
using amb::tests::decoded_rgb;
using amb::tests::run_amb;

namespace {

// The variance of the brightness of one frame: 0 for a blank picture.
double brightness_variance(const uint8_t* rgb, size_t pixels) {
  double sum = 0, squares = 0;
  for (size_t p = 0; p < pixels; ++p) {
    const double y = (rgb[3 * p] + rgb[3 * p + 1] + rgb[3 * p + 2]) / 3.0;
    sum += y;
    squares += y * y;
  }
  const double mean = sum / pixels;
  return squares / pixels - mean * mean;
}

}  // namespace

TEST_CASE("amb render draws a rollout headlessly into an MP4 and a GIF of the frames asked for") {
  amb::tests::scratch_dir dir("render-test");
  const auto mp4 = dir.path / "reacher.mp4", gif = dir.path / "reacher.gif";
  const int width = 96, height = 64, frames = 6;
  const auto result =
      run_amb("render --env reacher --random --frames " + std::to_string(frames) + " --width " +
              std::to_string(width) + " --height " + std::to_string(height) + " --out " +
              mp4.string() + " --gif " + gif.string());
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output.find("return ") != std::string::npos);  // printed beside the video

  const size_t frame_bytes = size_t(width) * height * 3;
  const auto video = decoded_rgb(mp4);
  REQUIRE(video.size() == frames * frame_bytes);  // the frame count asked for, at this size
  CHECK(decoded_rgb(gif).size() == frames * frame_bytes);
  for (int f = 0; f < frames; ++f) {
    const double variance = brightness_variance(video.data() + f * frame_bytes, width * height);
    CAPTURE(f);
    CHECK(variance > 100);  // the arena, the arm and the target, not an empty picture
  }
  // The arm moves: the last frame is not the first.
  double difference = 0;
  for (size_t i = 0; i < frame_bytes; ++i)
    difference += std::abs(int(video[i]) - int(video[(frames - 1) * frame_bytes + i]));
  CHECK(difference / frame_bytes > 0.5);
}

TEST_CASE("amb render refuses what it cannot draw, naming it") {
  amb::tests::scratch_dir dir("render-refusals");
  const auto odd = run_amb("render --env reacher --random --width 95");
  CHECK(odd.exit_code == 2);
  CHECK(odd.output.find("must be even") != std::string::npos);
  const auto no_run = run_amb("render");
  CHECK(no_run.exit_code == 2);
  CHECK(no_run.output.find("give a run folder, or --env NAME with --random") != std::string::npos);
  const auto env_alone = run_amb("render --env reacher");
  CHECK(env_alone.exit_code == 2);
  CHECK(env_alone.output.find("--env requires --random") != std::string::npos);
  std::ofstream(dir.path / "params.json") << R"({"env": {"name": "reacher"}})";
  const auto no_theta =
      run_amb("render " + dir.path.string() + " --out " + (dir.path / "x.mp4").string());
  CHECK(no_theta.exit_code == 2);
  CHECK(no_theta.output.find("checkpoint/policy.params: no such checkpoint") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path / "x.mp4"));
  const auto camera = run_amb("render --env reacher --random --frames 1 --camera nowhere --out " +
                              (dir.path / "y.mp4").string());
  CHECK(camera.exit_code == 2);
  CHECK(camera.output.find("--camera: no camera 'nowhere' in the model") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path / "y.mp4"));
}
