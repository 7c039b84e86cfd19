#include "render/offscreen_renderer.hpp"

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace amb::render {

// An EGL display and a context made current on this thread, with no surface: MuJoCo draws
// into its own offscreen framebuffer.
struct offscreen_renderer::gl_context {
  EGLDisplay display = EGL_NO_DISPLAY;
  EGLContext context = EGL_NO_CONTEXT;

  gl_context() {
    // Mesa's surfaceless platform needs no window system (no X, no Wayland, no GPU device).
    display = eglGetPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    EGLint major = 0, minor = 0;
    if (display == EGL_NO_DISPLAY || !eglInitialize(display, &major, &minor))
      fail("no EGL display (install libegl-mesa0 and libgl1-mesa-dri: make setup does)");
    const EGLint attributes[] = {EGL_SURFACE_TYPE,
                                 EGL_PBUFFER_BIT,
                                 EGL_RED_SIZE,
                                 8,
                                 EGL_GREEN_SIZE,
                                 8,
                                 EGL_BLUE_SIZE,
                                 8,
                                 EGL_DEPTH_SIZE,
                                 24,
                                 EGL_RENDERABLE_TYPE,
                                 EGL_OPENGL_BIT,
                                 EGL_NONE};
    EGLConfig config;
    EGLint configs = 0;
    if (!eglChooseConfig(display, attributes, &config, 1, &configs) || configs < 1)
      fail("no EGL configuration for desktop OpenGL with 8-bit colour and a depth buffer");
    if (!eglBindAPI(EGL_OPENGL_API)) fail("EGL cannot bind desktop OpenGL");
    context = eglCreateContext(display, config, EGL_NO_CONTEXT, nullptr);
    if (context == EGL_NO_CONTEXT) fail("no EGL context");
    if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context))
      fail("the EGL context cannot be made current without a surface");
  }
  ~gl_context() {
    if (context != EGL_NO_CONTEXT) {
      eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      eglDestroyContext(display, context);
    }
    if (display != EGL_NO_DISPLAY) eglTerminate(display);
  }
  [[noreturn]] void fail(const std::string& why) {
    char code[16];
    std::snprintf(code, sizeof(code), "0x%04x", eglGetError());
    this->~gl_context();
    throw std::runtime_error("cannot render offscreen: " + why + " (EGL error " + code + ")");
  }
};

namespace {

// The first body that is not the world, or a child of a fixed base: what "track" follows.
int body_to_track(const mjModel* m) {
  for (int b = 1; b < m->nbody; ++b)
    if (m->body_jntnum[b] > 0) return b;
  return m->nbody > 1 ? 1 : 0;
}

// The radius of the bodies that move or stand on the world, around their middle, in the model's
// initial state (in `data`, worked out): what a camera should frame. The world's own geoms (a
// floor plane of 40 m, an arena) are left out.
double size_of_robot(const mjModel* m, const mjData* d) {
  mjtNum middle[3] = {0, 0, 0};
  int counted = 0;
  for (int g = 0; g < m->ngeom; ++g)
    if (m->geom_bodyid[g] != 0) {
      for (int i = 0; i < 3; ++i) middle[i] += d->geom_xpos[3 * g + i];
      ++counted;
    }
  if (counted == 0) return m->stat.extent;
  double radius = 0;
  for (int g = 0; g < m->ngeom; ++g)
    if (m->geom_bodyid[g] != 0) {
      double squares = 0;
      for (int i = 0; i < 3; ++i) {
        const double x = d->geom_xpos[3 * g + i] - middle[i] / counted;
        squares += x * x;
      }
      radius = std::max(radius, std::sqrt(squares) + m->geom_rbound[g]);
    }
  return radius;
}

}  // namespace

offscreen_renderer::offscreen_renderer(const mjModel* model, int width, int height,
                                       const camera_choice& camera)
    : width_(width), height_(height) {
  gl_ = std::make_unique<gl_context>();
  model_ = mj_copyModel(nullptr, model);
  // MuJoCo's offscreen buffer takes its size from the model.
  model_->vis.global.offwidth = width;
  model_->vis.global.offheight = height;
  data_ = mj_makeData(model_);
  mjv_defaultScene(&scene_);
  mjv_makeScene(model_, &scene_, 2000);
  mjv_defaultOption(&options_);
  mjr_defaultContext(&context_);
  mjr_makeContext(model_, &context_, mjFONTSCALE_100);
  mjr_setBuffer(mjFB_OFFSCREEN, &context_);
  if (context_.currentBuffer != mjFB_OFFSCREEN)
    throw std::runtime_error("cannot render offscreen: MuJoCo has no offscreen buffer");

  mjv_defaultCamera(&camera_);
  if (camera.name == "track" || camera.name == "free") {
    camera_.type = camera.name == "track" ? mjCAMERA_TRACKING : mjCAMERA_FREE;
    camera_.trackbodyid = body_to_track(model_);
    mj_forward(model_, data_);
    camera_.distance = camera.distance > 0 ? camera.distance : 3 * size_of_robot(model_, data_);
    camera_.azimuth = camera.azimuth;
    camera_.elevation = camera.elevation;
    for (int i = 0; i < 3; ++i) camera_.lookat[i] = model_->stat.center[i];
  } else {
    const int id = mj_name2id(model_, mjOBJ_CAMERA, camera.name.c_str());
    if (id < 0)
      throw std::invalid_argument("no camera '" + camera.name +
                                  "' in the model; use track, free or one of its cameras");
    camera_.type = mjCAMERA_FIXED;
    camera_.fixedcamid = id;
  }
  upside_down_.resize(size_t(width) * height * 3);
  frame_.resize(upside_down_.size());
}

offscreen_renderer::~offscreen_renderer() {
  mjr_freeContext(&context_);
  mjv_freeScene(&scene_);
  if (data_) mj_deleteData(data_);
  if (model_) mj_deleteModel(model_);
}

const std::vector<uint8_t>& offscreen_renderer::render(const mjData* data) {
  // The caller's state, with positions worked out on this copy (drawing needs a mutable one).
  std::memcpy(data_->qpos, data->qpos, sizeof(mjtNum) * model_->nq);
  std::memcpy(data_->qvel, data->qvel, sizeof(mjtNum) * model_->nv);
  std::memcpy(data_->mocap_pos, data->mocap_pos, sizeof(mjtNum) * 3 * model_->nmocap);
  std::memcpy(data_->mocap_quat, data->mocap_quat, sizeof(mjtNum) * 4 * model_->nmocap);
  data_->time = data->time;
  mj_forward(model_, data_);
  mjv_updateScene(model_, data_, &options_, nullptr, &camera_, mjCAT_ALL, &scene_);
  const mjrRect viewport{0, 0, width_, height_};
  mjr_render(viewport, &scene_, &context_);
  mjr_readPixels(upside_down_.data(), nullptr, viewport, &context_);
  // OpenGL's rows start at the bottom.
  const size_t row = size_t(width_) * 3;
  for (int y = 0; y < height_; ++y)
    std::memcpy(frame_.data() + size_t(y) * row,
                upside_down_.data() + size_t(height_ - 1 - y) * row, row);
  return frame_;
}

}  // namespace amb::render
