// An algorithm added from outside learners/: random-shooting MPC, whose acting policy plans with
// the learnt model. It is this one file and the one registration line below; then it runs
// through amb run with collectors, evaluator, supervision, checkpoints, a kill and --resume, a
// message log and amb replay --verify, as the registry's own algorithms do.
#include <signal.h>
#include <sys/wait.h>
#include <torch/torch.h>
#include <unistd.h>

#include "envs/registry.hpp"
#include "learners/ensemble_learner.hpp"
#include "learners/ensemble_network.hpp"
#include "learners/flat_parameters.hpp"
#include "learners/registry.hpp"
#include "tests/torch_doctest.hpp"
// After doctest's CHECK is in place.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "apps/commands.hpp"
#include "tests/amb_command.hpp"
#include "tests/progress_csv.hpp"

namespace fs = std::filesystem;
using namespace amb;
using namespace amb::learners;

namespace {

// -- the algorithm ------------------------------------------------------------------------------

struct planner_config {
  int candidates = 32;  // action sequences scored per step
  int horizon = 4;      // steps each is rolled out in the model
};

template <class Visit>
void visit_fields(planner_config& c, Visit&& v) {
  v("candidates", c.candidates, config::interval::closed(1, 10000));
  v("horizon", c.horizon, config::interval::closed(1, 100));
}

struct shooting_settings {
  ensemble_config model = [] {
    ensemble_config m;
    m.members = 3;
    m.hidden = {32, 32};
    return m;
  }();
  planner_config planner;
};

template <class Visit>
void visit_fields(shooting_settings& c, Visit&& v) {
  v("model", c.model);
  v("planner", c.planner);
}

shooting_settings settings_of(const learner_context& context) {
  return config::from_json<shooting_settings>(context.settings);
}

// θ is the plan's model: the policy learner hands on each new φ.
class model_as_plan final : public learner {
 public:
  void load_parameters(const std::string& server, const parameter_view& parameters) override {
    if (server != "model" && server != "policy")
      throw std::invalid_argument("the planner's learner reads no '" + server + "' parameters");
    latest_ = {parameters.layout,
               std::vector<float>(parameters.values, parameters.values + parameters.count)};
    fresh_ = server == "model";
  }
  void add_episode(const episode_view&) override {}
  step_outcome step() override {
    if (!fresh_) return {step_status::waiting, {}};
    fresh_ = false;
    return {step_status::stepped, {{"plan_floats", double(latest_.values.size())}}};
  }
  parameter_set parameters() const override { return latest_; }
  std::vector<float> state() const override { return {}; }
  void load_state(const float*, size_t count) override {
    if (count != 0) throw std::invalid_argument("the planner's learner has no state");
  }

 private:
  parameter_set latest_;
  bool fresh_ = false;
};

// Acts with the first action of the best of `candidates` random action sequences, each rolled
// out `horizon` steps through one member of the model and scored by the task's reward tensor.
class random_shooting final : public acting_policy {
 public:
  explicit random_shooting(const learner_context& context)
      : task_(envs::make_env(context.env)),
        planner_(settings_of(context).planner),
        model_(context.info.obs_dim, context.info.act_dim, settings_of(context).model,
               context.seed) {}

  void load_parameters(const parameter_view& theta) override {
    load_parameter_view(model_->sections(), theta, "planner θ");
  }

  void act(const float* observation, int, std::mt19937_64& rng, float* action) override {
    torch::NoGradGuard no_grad;
    const auto& info = task_->info();
    const int64_t n = planner_.candidates, a = info.act_dim;
    std::uniform_real_distribution<float> unit(0, 1);
    auto plans = torch::empty({n, planner_.horizon, a});
    auto p = plans.accessor<float, 3>();
    for (int64_t i = 0; i < n; ++i)
      for (int k = 0; k < planner_.horizon; ++k)
        for (int64_t j = 0; j < a; ++j)
          p[i][k][j] = info.act_low[j] + (info.act_high[j] - info.act_low[j]) * unit(rng);
    auto obs = torch::from_blob(const_cast<float*>(observation), {1, info.obs_dim})
                   .expand({n, info.obs_dim})
                   .clone();
    const auto members = torch::arange(n, torch::kInt64) % model_->config.members;
    auto score = torch::zeros({n});
    for (int k = 0; k < planner_.horizon; ++k) {
      const auto act = plans.select(1, k);
      const auto next = model_->predict(obs, act, members);
      score += task_->reward_tensor(obs, act, next);
      obs = next;
    }
    const auto best = plans[score.argmax().item<int64_t>()][0].contiguous();
    std::copy_n(best.data_ptr<float>(), a, action);
  }

 private:
  std::unique_ptr<envs::environment> task_;
  planner_config planner_;
  ensemble_network model_;
};

algorithm random_shooting_algorithm() {
  algorithm a;
  a.summary = "random-shooting MPC on the learnt model (a test's)";
  declare_settings<shooting_settings>(a);
  a.model_learner =
      ensemble_learner_slot([](const learner_context& c) { return settings_of(c).model; });
  learner_slot policy;
  policy.produces = "policy";
  policy.reads = {"model"};
  policy.make = [](const learner_context&) { return std::make_unique<model_as_plan>(); };
  a.policy_learner = policy;
  a.make_acting_policy = [](const learner_context& context, acting_mode) {
    return std::make_unique<random_shooting>(context);
  };
  a.initial_policy = [](const learner_context& context) {
    const ensemble_network untrained(context.info.obs_dim, context.info.act_dim,
                                     settings_of(context).model, context.seed);
    return parameter_set_of(untrained->sections());
  };
  return a;
}

// The registry line.
const bool registered = (add_algorithm("random_shooting", random_shooting_algorithm()), true);

// -- running it ---------------------------------------------------------------------------------

// `amb run ARGS` in a child process of this test binary (which has the algorithm registered),
// its output going to LOG.
pid_t start_command(const std::vector<std::string>& args, const fs::path& log) {
  std::fflush(nullptr);  // or the child writes what this process has buffered once more
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (!freopen(log.c_str(), "w", stdout) || !freopen(log.c_str(), "a", stderr)) _exit(127);
    apps::command_table commands;
    apps::add_run_command(commands);
    apps::add_replay_command(commands);
    const int code = apps::run_command_line(commands, args);
    std::fflush(nullptr);  // _exit leaves stdio's buffers unwritten
    _exit(code);
  }
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

std::string text_of(const fs::path& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> run_args(const fs::path& out, std::vector<std::string> extra) {
  std::vector<std::string> args{
      "run",   tests::reacher_task_config,      "--out", out.string(),
      "--set", "algorithm=random_shooting",     "--set", "env.pace_seconds=0.002",
      "--set", "evaluation.interval_seconds=1", "--set", "checkpoint.interval_seconds=0.5"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace

TEST_CASE("an algorithm defined in a test runs, records and replays bit for bit") {
  REQUIRE(registered);
  tests::scratch_dir dir("plugin-record");
  const auto out = dir.path / "run";
  const auto log = dir.path / "run.log";
  REQUIRE(wait_exit(start_command(run_args(out, {"--record", "--set", "budget.env_steps=1000"}),
                                  log)) == 0);
  INFO(text_of(log));
  const auto summary = nlohmann::json::parse(text_of(out / "summary.json"));
  CHECK(summary["stop_reason"] == "budget");
  CHECK(summary["crashes"] == 0);
  CHECK(summary["policy_version"].get<int>() > 1);  // θ followed φ
  CHECK(tests::csv_column(out / "progress_evaluator.csv", "eval_return").size() >= 1);
  CHECK(fs::exists(out / "checkpoint" / "model_learner.state.params"));
  for (const std::string learner : {"model_learner", "policy_learner"}) {
    CAPTURE(learner);
    const auto replay_log = dir.path / (learner + ".replay");
    const auto code = wait_exit(start_command(
        {"replay", (out / "messages.amblog").string(), "--verify", "--actor", learner},
        replay_log));
    INFO(text_of(replay_log));
    CHECK(code == 0);
    CHECK(text_of(replay_log).find("no divergence") != std::string::npos);
  }
}

TEST_CASE("an algorithm defined in a test survives crashes of its learners, a kill and --resume") {
  REQUIRE(registered);
  tests::scratch_dir dir("plugin-resume");
  const auto out = dir.path / "run";
  const auto pid = start_command(
      run_args(out, {"--set", "budget.env_steps=2500", "--inject", "policy_learner:throw:1",
                     "--inject", "model_learner:throw:1.5"}),
      dir.path / "first.log");
  // Killed once both learners' states are checkpointed and a supervisor has restarted them.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  auto restarted = [&] {
    return text_of(out / "events.jsonl").find("\"restarted\"") != std::string::npos;
  };
  while (!(fs::exists(out / "checkpoint" / "model_learner.state.params") &&
           fs::exists(out / "checkpoint" / "policy.params") && restarted())) {
    int status;
    REQUIRE_MESSAGE(waitpid(pid, &status, WNOHANG) == 0, "the run ended before it was killed");
    REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "the run made no progress");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(kill(pid, SIGKILL) == 0);
  int status;
  REQUIRE(waitpid(pid, &status, 0) == pid);

  const auto resumed_log = dir.path / "resumed.log";
  const auto code = wait_exit(start_command({"run", "--resume", out.string()}, resumed_log));
  INFO(text_of(resumed_log));
  CHECK(code == 0);
  const auto summary = nlohmann::json::parse(text_of(out / "summary.json"));
  CHECK(summary["stop_reason"] == "budget");
  CHECK(summary["env_steps"].get<int>() >= 2500);
  CHECK(summary["policy_version"].get<int>() > 1);
  CHECK(text_of(out / "events.jsonl").find("\"resumed\"") != std::string::npos);
}
