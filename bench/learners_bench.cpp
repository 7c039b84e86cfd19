#include "bench/learners_bench.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "apps/config_document.hpp"
#include "apps/learner_configs.hpp"
#include "envs/registry.hpp"
#include "learners/compute_threads.hpp"
#include "learners/onednn_gemm.hpp"

namespace amb::bench {

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

void progress(const std::string& what) {
  std::cerr << "[bench] " << what << std::endl;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// What the bench takes from a run configuration: the ensemble's layers and the policy
// learner's imagination.
struct learner_setup {
  apps::run_config config;
  int members = 0;
  std::vector<int64_t> widths;  // the input, each hidden layer, the output
  int batch = 0;
  int paths = 0;
  int horizon = 0;
};

learner_setup setup_of(const std::string& path) {
  learner_setup s;
  s.config = apps::resolve_run_config(apps::read_json_file(path), {});
  const auto info = apps::learner_context_of(s.config).info;
  const auto& model = s.config.algorithm_settings.at("model");
  s.members = model.at("members").get<int>();
  s.batch = model.at("batch_size").get<int>();
  s.widths.push_back(info.obs_dim + info.act_dim);
  for (const int width : model.at("hidden").get<std::vector<int>>()) s.widths.push_back(width);
  s.widths.push_back(model.at("probabilistic").get<bool>() ? 2 * info.obs_dim : info.obs_dim);
  const auto& imagination = s.config.algorithm_settings.at("policy_learner");
  // 0 for a learner that imagines no fixed number of paths (MB-MPO: per task); its rows need none.
  s.paths = imagination.value("imagined_paths", 0);
  s.horizon = imagination.at("imagined_horizon").get<int>();
  return s;
}

// Floating-point operations of one member's forward pass for one row: 2 in out per layer.
double member_row_flops(const learner_setup& s) {
  double flops = 0;
  for (size_t l = 0; l + 1 < s.widths.size(); ++l)
    flops += 2.0 * static_cast<double>(s.widths[l] * s.widths[l + 1]);
  return flops;
}

// The two GEMM libraries a learner can call: LibTorch's (OpenBLAS) and oneDNN's sgemm.
enum class gemm_library { openblas, onednn };

// The baseline: the ensemble's forward pass as raw GEMMs and relu on `rows` rows a member, all
// members in one baddbmm (OpenBLAS) or member by member through oneDNN, in GFLOP/s, the median
// of `repeats` timings of at least a quarter of a second each.
double raw_forward_gflops(const learner_setup& s, int64_t rows, gemm_library library, int repeats) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> weights, biases, outputs;
  for (size_t l = 0; l + 1 < s.widths.size(); ++l) {
    weights.push_back(torch::randn({s.members, s.widths[l], s.widths[l + 1]}));
    biases.push_back(torch::randn({s.members, 1, s.widths[l + 1]}));
    outputs.push_back(torch::empty({s.members, rows, s.widths[l + 1]}));
  }
  const auto x = torch::randn({s.members, rows, s.widths.front()});
  auto forward = [&] {
    auto h = x;
    for (size_t l = 0; l < weights.size(); ++l) {
      if (library == gemm_library::openblas) {
        h = torch::baddbmm(biases[l], h, weights[l]);
      } else {
        for (int64_t k = 0; k < s.members; ++k)
          learners::linear_into(outputs[l][k], biases[l][k], h[k], weights[l][k]);
        h = outputs[l];
      }
      if (l + 1 < weights.size()) h = torch::relu(h);
    }
    return h;
  };
  forward();
  std::vector<double> rates;
  const double flops = member_row_flops(s) * static_cast<double>(s.members * rows);
  for (int r = 0; r < repeats; ++r) {
    int calls = 0;
    const auto start = clock_type::now();
    do {
      forward();
      ++calls;
    } while (seconds_since(start) < 0.25);
    rates.push_back(flops * calls / seconds_since(start) / 1e9);
  }
  return median(rates);
}

struct raw_gemm_figures {
  double openblas, onednn;  // each library at its best, GFLOP/s
  double best() const { return std::max(openblas, onednn); }
};

// Each library at its best with up to `threads` cores: on one thread or on all of them,
// whichever is faster for this shape (small GEMMs lose from splitting). OpenBLAS's threads are
// its own pool's, oneDNN's the calling thread's OpenMP setting.
raw_gemm_figures best_raw_gemm_gflops(const learner_setup& s, int64_t rows, int threads,
                                      int repeats) {
  raw_gemm_figures f{};
  for (const int t : threads > 1 ? std::vector<int>{1, threads} : std::vector<int>{1}) {
    learners::set_blas_threads(t);
    f.openblas = std::max(f.openblas, raw_forward_gflops(s, rows, gemm_library::openblas, repeats));
    learners::set_blas_threads(1);
    at::set_num_threads(t);
    f.onednn = std::max(f.onednn, raw_forward_gflops(s, rows, gemm_library::onednn, repeats));
    at::set_num_threads(1);
  }
  return f;
}

// Episodes of uniformly random actions on the real task: what a learner's dataset and start
// states hold early in a run.
struct recorded_episode {
  std::vector<float> observations, actions, rewards;
  learners::episode_view view() const {
    return {observations.data(), actions.data(), rewards.data(), rewards.size(), false};
  }
};

std::vector<recorded_episode> random_episodes(const learner_setup& s, size_t transitions) {
  // As the run's collectors would, only unpaced: the data, not the robot's pace, is wanted.
  auto options = apps::env_options_of(s.config);
  options.pace_seconds = 0;
  auto env = envs::make_env(s.config.env.name, options);
  const auto info = env->info();
  std::mt19937_64 rng(s.config.seed);
  std::vector<recorded_episode> episodes;
  for (size_t total = 0; total < transitions;) {
    recorded_episode e;
    e.observations = env->reset(rng());
    for (int t = 0; t < info.horizon && total < transitions; ++t, ++total) {
      std::vector<float> action(info.act_dim);
      for (int i = 0; i < info.act_dim; ++i)
        action[i] = std::uniform_real_distribution<float>(info.act_low[i], info.act_high[i])(rng);
      const auto step = env->step(action);
      e.actions.insert(e.actions.end(), action.begin(), action.end());
      e.observations.insert(e.observations.end(), step.observation.begin(), step.observation.end());
      e.rewards.push_back(step.reward);
    }
    episodes.push_back(std::move(e));
  }
  return episodes;
}

double metric(const learners::metrics& values, const std::string& name) {
  for (const auto& [key, value] : values)
    if (key == name) return value;
  throw std::logic_error("a learner's step reported no '" + name + "'");
}

std::unique_ptr<learners::learner> make_learner(const learner_setup& s,
                                                const std::optional<learners::learner_slot>& slot) {
  if (!slot) throw std::invalid_argument("the configuration's algorithm lacks a learner");
  return slot->make(apps::learner_context_of(s.config));
}

struct epoch_figures {
  double seconds;  // per epoch
  double gflops;   // its arithmetic: forward and backward of each batch, forward of validation
};

// Epochs of the model learner on `episodes`; each first takes one more episode, so that early
// stopping resets and every member trains, as it does when data arrives in a run.
epoch_figures time_epochs(learners::learner& model, const learner_setup& s,
                          const std::vector<recorded_episode>& episodes, int repeats) {
  std::vector<double> seconds, rates;
  for (int r = 0; r <= repeats; ++r) {
    model.add_episode(episodes[static_cast<size_t>(r) % episodes.size()].view());
    const auto start = clock_type::now();
    const auto outcome = model.step();
    const double elapsed = seconds_since(start);
    if (r == 0) continue;  // warm-up
    const double rows =
        3 * metric(outcome.values, "batches") * s.batch + metric(outcome.values, "validation_rows");
    seconds.push_back(elapsed);
    rates.push_back(member_row_flops(s) * s.members * rows / elapsed / 1e9);
  }
  return {median(seconds), median(rates)};
}

struct policy_step_figures {
  double seconds;                                      // per step
  std::vector<std::pair<std::string, double>> phases;  // seconds per step of each phase
};

policy_step_figures time_policy_steps(learners::learner& policy,
                                      const std::vector<std::string>& phases, int repeats) {
  std::vector<double> seconds;
  std::vector<std::vector<double>> phase_seconds(phases.size());
  for (int r = 0; r <= repeats; ++r) {
    const auto start = clock_type::now();
    const auto outcome = policy.step();
    const double elapsed = seconds_since(start);
    if (outcome.status != learners::step_status::stepped)
      throw std::logic_error("the policy learner did not step");
    if (r == 0) continue;  // warm-up
    seconds.push_back(elapsed);
    for (size_t p = 0; p < phases.size(); ++p)
      phase_seconds[p].push_back(metric(outcome.values, phases[p] + "_seconds"));
  }
  policy_step_figures figures{median(seconds), {}};
  for (size_t p = 0; p < phases.size(); ++p)
    figures.phases.emplace_back(phases[p], median(phase_seconds[p]));
  return figures;
}

// A policy learner of `s` with the trained model and the episodes' states to start from.
std::unique_ptr<learners::learner> ready_policy_learner(
    const learner_setup& s, const learners::parameter_set& model,
    const std::vector<recorded_episode>& episodes) {
  auto policy = make_learner(s, apps::algorithm_of(s.config).policy_learner);
  policy->load_parameters("model", learners::view_of(model));
  for (const auto& e : episodes) policy->add_episode(e.view());
  return policy;
}

struct pass_figures {
  int threads;
  raw_gemm_figures gemm, gemm_small;  // the layers at a batch's rows a member, at imagination's
  epoch_figures epoch;
  policy_step_figures trpo, ppo;
};

std::string with_threads(const std::string& what, int threads) {
  return what + " (" + std::to_string(threads) + (threads == 1 ? " thread)" : " threads)");
}

void add_policy_rows(std::vector<bench_row>& rows, const std::string& name,
                     const policy_step_figures& step, double gemm_steps_per_second, int threads) {
  rows.push_back(ratio_row(with_threads(name + " policy step", threads), 1 / step.seconds,
                           "the fastest raw GEMM doing the step's model arithmetic",
                           gemm_steps_per_second, "steps/s", "step / GEMM", "", false, 0));
  for (const auto& [phase, seconds] : step.phases)
    rows.push_back(ratio_row(with_threads(name + " step: " + phase, threads), seconds * 1e3,
                             "the whole step", step.seconds * 1e3, "ms", "share of the step", "",
                             true, 0));
}

// The ratios' baseline is the faster library for the shape, so that a learner gains nothing
// from being measured against the slower one.
std::string fastest_gemm(int64_t rows) {
  return "fastest raw GEMM of its layers (OpenBLAS or oneDNN), " + std::to_string(rows) +
         " rows a member";
}

void add_pass_rows(std::vector<bench_row>& rows, const pass_figures& f, const learner_setup& s) {
  const int rows_a_member = (s.paths + s.members - 1) / s.members;
  const double imagined_steps = static_cast<double>(s.paths) * s.horizon;
  const double imagination_seconds = f.trpo.phases.front().second;
  const double imagination_gflops =
      imagined_steps * member_row_flops(s) / imagination_seconds / 1e9;
  for (const auto& [gemm, at_rows] :
       {std::pair{f.gemm, int64_t{s.batch}}, std::pair{f.gemm_small, int64_t{rows_a_member}}})
    rows.push_back(ratio_row(with_threads("raw oneDNN sgemm of the layers, " +
                                              std::to_string(at_rows) + " rows a member",
                                          f.threads),
                             gemm.onednn, "raw OpenBLAS bmm of the same", gemm.openblas, "GFLOP/s",
                             "speed-up", "", false, 0));
  rows.push_back(ratio_row(with_threads("ensemble epoch", f.threads), f.epoch.gflops,
                           fastest_gemm(s.batch), f.gemm.best(), "GFLOP/s", "epoch / GEMM",
                           ">= 0.60", false, 0.60));
  rows.push_back(ratio_row(with_threads("imagination, the model's useful arithmetic", f.threads),
                           imagination_gflops, fastest_gemm(s.batch), f.gemm.best(), "GFLOP/s",
                           "imagination / GEMM", ">= 0.50", false, 0.50));
  rows.push_back(ratio_row(with_threads("imagined steps per second", f.threads),
                           imagined_steps / imagination_seconds, fastest_gemm(rows_a_member),
                           f.gemm_small.best() * 1e9 / member_row_flops(s), "steps/s",
                           "imagination / GEMM", "", false, 0));
  const double step_arithmetic = imagined_steps * member_row_flops(s) / 1e9;
  add_policy_rows(rows, "ME-TRPO", f.trpo, f.gemm.best() / step_arithmetic, f.threads);
  add_policy_rows(rows, "ME-PPO", f.ppo, f.gemm.best() / step_arithmetic, f.threads);
}

// How much faster `what` ran with `threads` than with `one_threads`; `target` is the least
// speed-up asked for (0: none).
bench_row speedup_row(const std::string& what, int threads, double seconds, int one_threads,
                      double one_seconds, const std::string& unit, double target) {
  std::ostringstream target_text;
  if (target > 0) target_text << ">= " << target;
  return ratio_row(with_threads(what, threads) + " against " + std::to_string(one_threads),
                   1 / seconds, with_threads("the same", one_threads), 1 / one_seconds, unit,
                   "speed-up", target_text.str(), false, target);
}

void add_speedup_rows(std::vector<bench_row>& rows, const pass_figures& f,
                      const pass_figures& one) {
  const double target = f.threads >= 2 * one.threads ? 1.5 : 0;
  auto speedup = [&](const std::string& what, double seconds, double one_seconds,
                     const std::string& unit) {
    rows.push_back(speedup_row(what, f.threads, seconds, one.threads, one_seconds, unit, target));
  };
  speedup("ensemble epoch", f.epoch.seconds, one.epoch.seconds, "epochs/s");
  speedup("ME-TRPO policy step", f.trpo.seconds, one.trpo.seconds, "steps/s");
  speedup("ME-PPO policy step", f.ppo.seconds, one.ppo.seconds, "steps/s");
}

// MB-MPO at `threads` compute threads: its own ensemble (another shape than ME-TRPO's) trained
// on the episodes, then meta-steps through it; what sets its sequential twin's fastest
// runtime.torch_threads. The meta-steps also with the outer step's Fisher products on every
// sample and on 1 in 5 (policy_learner.fisher_stride), whichever the config does not choose.
struct meta_pass_figures {
  int threads;
  epoch_figures epoch;
  policy_step_figures meta;           // as configured
  policy_step_figures every_sample;   // fisher_stride 1
  policy_step_figures one_in_stride;  // fisher_stride `stride`
  int stride;
};

constexpr int compared_fisher_stride = 5;  // OpenAI Baselines' TRPO's

meta_pass_figures time_mb_mpo(const learner_setup& s, const std::vector<recorded_episode>& episodes,
                              int threads, int repeats) {
  const std::vector<std::string> phases{"imagination", "adaptation", "direction", "line_search"};
  learners::set_compute_threads(threads);
  meta_pass_figures f{threads, {}, {}, {}, {}, 0};
  progress(with_threads("MB-MPO ensemble epochs", threads));
  auto model = make_learner(s, apps::algorithm_of(s.config).model_learner);
  for (const auto& e : episodes) model->add_episode(e.view());
  f.epoch = time_epochs(*model, s, episodes, repeats);
  auto meta_steps = [&](int fisher_stride) {
    progress(
        with_threads("MB-MPO meta-steps, fisher_stride " + std::to_string(fisher_stride), threads));
    auto with_stride = s;
    with_stride.config.algorithm_settings["policy_learner"]["fisher_stride"] = fisher_stride;
    return time_policy_steps(*ready_policy_learner(with_stride, model->parameters(), episodes),
                             phases, repeats);
  };
  const int configured = s.config.algorithm_settings.at("policy_learner").value("fisher_stride", 1);
  f.stride = configured > 1 ? configured : compared_fisher_stride;
  f.every_sample = meta_steps(1);
  f.one_in_stride = meta_steps(f.stride);
  f.meta = configured > 1 ? f.one_in_stride : f.every_sample;
  return f;
}

void add_mb_mpo_rows(std::vector<bench_row>& rows, const std::vector<meta_pass_figures>& passes) {
  for (const auto& f : passes) {
    for (const auto& [phase, seconds] : f.meta.phases)
      rows.push_back(ratio_row(with_threads("MB-MPO meta-step: " + phase, f.threads), seconds * 1e3,
                               "the whole step", f.meta.seconds * 1e3, "ms", "share of the step",
                               "", true, 0));
    const std::string one_in_stride =
        "MB-MPO meta-step, Fisher on 1 sample in " + std::to_string(f.stride);
    rows.push_back(ratio_row(with_threads(one_in_stride, f.threads), 1 / f.one_in_stride.seconds,
                             "the same on every sample", 1 / f.every_sample.seconds, "steps/s",
                             "speed-up", "", false, 0));
    const size_t direction = 2;  // in `phases`
    rows.push_back(ratio_row(
        with_threads(one_in_stride + ": direction", f.threads),
        f.one_in_stride.phases[direction].second * 1e3, "the same on every sample",
        f.every_sample.phases[direction].second * 1e3, "ms", "time against", "", true, 0));
  }
  const auto& one = passes.front();
  for (size_t p = 1; p < passes.size(); ++p) {
    const auto& f = passes[p];
    rows.push_back(speedup_row("MB-MPO ensemble epoch", f.threads, f.epoch.seconds, one.threads,
                               one.epoch.seconds, "epochs/s", 0));
    rows.push_back(speedup_row("MB-MPO meta-step", f.threads, f.meta.seconds, one.threads,
                               one.meta.seconds, "steps/s", 0));
  }
}

}  // namespace

std::vector<bench_row> run_learners_bench(const learners_bench_options& options) {
  const auto trpo = setup_of(options.trpo_config);
  const auto ppo = setup_of(options.ppo_config);
  const auto& c = trpo.config;
  const auto transitions = c.algorithm_settings.at("model").at("capacity").get<size_t>();
  progress("random-action data: " + std::to_string(transitions) + " transitions of " + c.env.name);
  const auto episodes = random_episodes(trpo, transitions);

  std::vector<pass_figures> passes;
  for (const int threads : options.threads) {
    learners::set_compute_threads(threads);
    pass_figures f{threads, {}, {}, {}, {}, {}};
    progress(with_threads("raw GEMMs of the ensemble's layers", threads));
    f.gemm = best_raw_gemm_gflops(trpo, trpo.batch, threads, options.repeats);
    f.gemm_small = best_raw_gemm_gflops(trpo, (trpo.paths + trpo.members - 1) / trpo.members,
                                        threads, options.repeats);
    learners::set_compute_threads(threads);
    progress(with_threads("ensemble epochs", threads));
    auto model = make_learner(trpo, apps::algorithm_of(c).model_learner);
    for (const auto& e : episodes) model->add_episode(e.view());
    f.epoch = time_epochs(*model, trpo, episodes, options.repeats);
    progress(with_threads("ME-TRPO policy steps", threads));
    f.trpo = time_policy_steps(*ready_policy_learner(trpo, model->parameters(), episodes),
                               {"imagination", "advantage", "direction", "line_search"},
                               options.repeats);
    progress(with_threads("ME-PPO policy steps", threads));
    f.ppo = time_policy_steps(*ready_policy_learner(ppo, model->parameters(), episodes),
                              {"imagination", "advantage", "update"}, options.repeats);
    passes.push_back(f);
  }
  std::vector<bench_row> rows;
  for (const auto& f : passes) add_pass_rows(rows, f, trpo);
  for (size_t p = 1; p < passes.size(); ++p) add_speedup_rows(rows, passes[p], passes.front());
  if (!options.mb_mpo_config.empty()) {
    const auto mb_mpo = setup_of(options.mb_mpo_config);
    std::vector<meta_pass_figures> meta_passes;
    for (const int threads : options.threads)
      meta_passes.push_back(time_mb_mpo(mb_mpo, episodes, threads, options.repeats));
    add_mb_mpo_rows(rows, meta_passes);
  }
  return rows;
}

}  // namespace amb::bench
