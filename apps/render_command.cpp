// `amb render`: a rollout of a run's θ (or of random actions) as a video, drawn by MuJoCo's own
// renderer offscreen and encoded by ffmpeg.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>

#include "apps/commands.hpp"
#include "apps/run_config.hpp"
#include "apps/run_policy.hpp"
#include "envs/mujoco_env.hpp"
#include "envs/registry.hpp"
#include "render/offscreen_renderer.hpp"
#include "render/video_writer.hpp"

namespace amb::apps {

namespace {

namespace fs = std::filesystem;

constexpr const char* render_details =
    R"(Rolls out the run's latest θ (checkpoint/policy.params, or --checkpoint FILE) with the
evaluation policy (a Gaussian's mean action), or uniformly random actions with --random, in
the run's task (or --env NAME with --random), and draws every state with MuJoCo's renderer into
an offscreen EGL context (no display needed; Mesa's software rasteriser without a GPU). ffmpeg
encodes the frames as H.264 MP4 (--out, overwritten), and with --gif also as an animated GIF.
Episode e starts from reset(SEED + e), the evaluator's seeds by default, as in amb eval; the
return of each episode is printed beside.

Exit codes: 0 written; 1 rendering or encoding failed (the reason is printed); 2 bad usage,
or no run, no checkpoint or a damaged one.)";

struct render_options {
  std::string run_dir, env, out, gif;
  rollout_source source;
  bool random = false;
  int episodes = 1, frames = 0, width = 640, height = 480;
  double fps = 0;
  render::camera_choice camera;
};

// What acts in the rollout: the run's θ, or random actions.
struct actor_of_rollout {
  std::unique_ptr<learners::acting_policy> policy;  // none: uniform in the action bounds
  std::string description;
};

actor_of_rollout acting_from(const render_options& options, const run_config& config) {
  if (options.random) return {nullptr, "random actions"};
  auto theta = evaluation_policy_of(options.run_dir, config, options.source.checkpoint);
  return {std::move(theta.policy), config.algorithm + " θ v" + std::to_string(theta.version)};
}

// The rollout's configuration: the run's, or the built-in one of --env.
run_config config_of(const render_options& options) {
  if (options.run_dir.empty())
    return resolve_run_config(nlohmann::json{{"env", {{"name", options.env}}}}, {});
  return config_of_run(options.run_dir);
}

int render_rollout(const render_options& options) {
  run_config config;
  actor_of_rollout acting;
  if (!loaded_or_reported("render", [&] {
        config = config_of(options);
        acting = acting_from(options, config);
      }))
    return 2;
  auto env = envs::make_env(config.env.name, {config.env.horizon, 0, ""});
  const auto* simulation = dynamic_cast<const envs::mujoco_env*>(env.get());
  if (!simulation) {
    std::cerr << "amb render: " << config.env.name << " is not a MuJoCo task\n";
    return 2;
  }
  const auto& info = env->info();
  const double fps = options.fps > 0 ? options.fps : 1.0 / info.control_period;
  const auto out = !options.out.empty()      ? options.out
                   : options.run_dir.empty() ? config.env.name + "-random.mp4"
                                             : (fs::path(options.run_dir) / "rollout.mp4").string();
  // A failed ffmpeg closes the pipe: a write then fails, rather than killing this process.
  std::signal(SIGPIPE, SIG_IGN);
  std::unique_ptr<render::offscreen_renderer> renderer;
  try {
    renderer = std::make_unique<render::offscreen_renderer>(simulation->model(), options.width,
                                                            options.height, options.camera);
  } catch (const std::invalid_argument& e) {  // a camera the model does not have
    std::cerr << "amb render: --camera: " << e.what() << "\n";
    return 2;
  }
  render::video_writer video(out, options.width, options.height, fps);

  const uint64_t seed = options.source.first_seed(config);
  std::mt19937_64 rng(seed);
  std::vector<float> action(info.act_dim);
  std::printf("amb render: %s, %s, %d x %d at %g frames/s\n", config.env.name.c_str(),
              acting.description.c_str(), options.width, options.height, fps);
  int frames = 0;
  const auto room = [&] { return options.frames == 0 || frames < options.frames; };
  for (int e = 0; e < options.episodes && room(); ++e) {
    auto obs = env->reset(seed + e);
    video.write(renderer->render(simulation->data()));
    ++frames;
    double total = 0;
    int steps = 0;
    for (int t = 0; room(); ++t) {
      if (acting.policy) {
        acting.policy->act(obs.data(), t, rng, action.data());
      } else {
        for (int i = 0; i < info.act_dim; ++i)
          action[i] = std::uniform_real_distribution<float>(info.act_low[i], info.act_high[i])(rng);
      }
      auto result = env->step(action);
      total += result.reward;
      ++steps;
      video.write(renderer->render(simulation->data()));
      ++frames;
      if (result.terminated || result.truncated) break;
      obs = std::move(result.observation);
    }
    std::printf("  episode %d (seed %llu): return %.2f over %d steps\n", e + 1,
                static_cast<unsigned long long>(seed + e), total, steps);
  }
  std::printf("wrote %s: %d frames\n", out.c_str(), video.finish());
  if (!options.gif.empty()) {
    render::write_gif(out, options.gif, fps);
    std::printf("wrote %s\n", options.gif.c_str());
  }
  return 0;
}

}  // namespace

void add_render_command(command_table& table) {
  auto* command = add_command(table.amb, "render",
                              "Roll out a run's θ (or random actions) in its MuJoCo task and "
                              "write a video (MP4, and a GIF), rendered offscreen",
                              render_details);
  auto options = std::make_shared<render_options>();
  command->add_option("RUN_DIR", options->run_dir, "the run folder (its params.json)");
  auto* env =
      command->add_option("--env", options->env, "a task to render without a run, with --random")
          ->type_name("NAME")
          ->check(accepted_by([](const std::string& name) { envs::make_env(name); }));
  add_rollout_source_options(*command, options->source);
  auto* random = command->add_flag("--random", options->random,
                                   "act uniformly at random within the action bounds");
  env->needs(random);
  command->add_option("--episodes", options->episodes, "episodes to roll out (default 1)")
      ->type_name("N")
      ->check(within(1, 1000, /*whole=*/true));
  command
      ->add_option("--frames", options->frames, "stop after N frames (default: the episodes' end)")
      ->type_name("N")
      ->check(within(1, 1e6, /*whole=*/true));
  command->add_option("--width", options->width, "frame width in pixels, even (default 640)")
      ->type_name("W")
      ->check(within(16, 4096, /*whole=*/true));
  command->add_option("--height", options->height, "frame height in pixels, even (default 480)")
      ->type_name("H")
      ->check(within(16, 4096, /*whole=*/true));
  command
      ->add_option("--fps", options->fps,
                   "frames a second (default: one per control step, real time)")
      ->type_name("F")
      ->check(within(1, 1000));
  command
      ->add_option("--camera", options->camera.name,
                   "track (follows the robot; default), free (the whole scene), or a camera "
                   "the model names")
      ->type_name("C");
  command
      ->add_option("--distance", options->camera.distance,
                   "track and free: metres from the target (default: from the model's size)")
      ->type_name("M")
      ->check(within(0.01, 1000));
  command->add_option("--azimuth", options->camera.azimuth, "track and free: degrees (default 90)")
      ->type_name("DEG")
      ->check(within(-360, 360));
  command
      ->add_option("--elevation", options->camera.elevation,
                   "track and free: degrees (default -20)")
      ->type_name("DEG")
      ->check(within(-90, 90));
  command
      ->add_option("--out", options->out,
                   "the MP4 (default: RUN_DIR/rollout.mp4, or NAME-random.mp4)")
      ->type_name("FILE.mp4")
      ->check(file_to_write(".mp4"));
  command->add_option("--gif", options->gif, "also an animated GIF of the same frames")
      ->type_name("FILE.gif")
      ->check(file_to_write(".gif"));
  command->callback([options] {
    if (options->run_dir.empty() && options->env.empty())
      throw CLI::ValidationError("RUN_DIR", "give a run folder, or --env NAME with --random");
    if (!options->run_dir.empty() && !options->env.empty())
      throw CLI::ValidationError("--env", "the task of a run is its own; give one or the other");
    if (options->width % 2 || options->height % 2)
      throw CLI::ValidationError("--width", "width and height must be even (H.264 4:2:0)");
  });
  table.add(command, [options] { return render_rollout(*options); });
}

}  // namespace amb::apps
