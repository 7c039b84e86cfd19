#pragma once

// MuJoCo's own renderer (mjv_* and mjr_*) drawing into an offscreen buffer, on a machine with
// no display: the OpenGL context is an EGL one without a surface (Mesa's software rasteriser
// where there is no GPU, from Debian's packages).

#include <mujoco/mujoco.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace amb::render {

/// Where the camera looks from: a camera the model names, or one that follows the task's first
/// moving body ("track"; the default), or a fixed overview of the whole model ("free").
struct camera_choice {
  std::string name = "track";
  double distance = 0;                   // metres from what it looks at; 0: from the model's extent
  double azimuth = 90, elevation = -20;  // degrees, for track and free
};

class offscreen_renderer {
 public:
  /// A context for frames of `width` x `height` pixels of `model`'s scenes. Throws
  /// std::runtime_error saying why when no offscreen OpenGL context can be made, and
  /// std::invalid_argument for a camera the model does not have.
  offscreen_renderer(const mjModel* model, int width, int height, const camera_choice& camera);
  ~offscreen_renderer();
  offscreen_renderer(const offscreen_renderer&) = delete;
  offscreen_renderer& operator=(const offscreen_renderer&) = delete;

  /// The picture of the state in `data` (of the model given at construction): RGB rows from
  /// the top, width * height * 3 bytes.
  const std::vector<uint8_t>& render(const mjData* data);

  int width() const { return width_; }
  int height() const { return height_; }

 private:
  struct gl_context;
  std::unique_ptr<gl_context> gl_;
  mjModel* model_ = nullptr;  // a copy whose offscreen buffer is this size
  mjData* data_ = nullptr;    // the state drawn, copied from the caller's
  mjvScene scene_;
  mjrContext context_;
  mjvOption options_;
  mjvCamera camera_;
  int width_, height_;
  std::vector<uint8_t> upside_down_, frame_;
};

}  // namespace amb::render
