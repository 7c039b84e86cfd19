// `amb plot` through the real binary and the real gnuplot.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

namespace {

int run_quietly(const std::string& args, std::string& output) {
  FILE* pipe = popen((std::string(AMB_BINARY) + " " + args + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char chunk[1024];
  while (size_t n = fread(chunk, 1, sizeof(chunk), pipe)) output.append(chunk, n);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("amb plot draws the learning curves of run folders into a PNG") {
  const fs::path dir = fs::temp_directory_path() / ("amb-plot-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  for (const char* run : {"async", "sequential"}) {
    fs::create_directories(dir / run);
    std::ofstream(dir / run / "params.json")
        << R"({"algorithm": "me_trpo", "mode": ")" << run << "\"}";
    std::ofstream csv(dir / run / "progress_evaluator.csv");
    csv << "time,eval_return,policy_version,env_steps,trajectories\n";
    for (int i = 0; i < 5; ++i)
      csv << i * 2.0 << ',' << -10 + i << ',' << i + 1 << ',' << i * 500 << ',' << i * 10 << '\n';
  }
  const auto png = dir / "curves.png";
  std::string output;
  REQUIRE(run_quietly("plot " + (dir / "async").string() + " " + (dir / "sequential").string() +
                          " --out " + png.string(),
                      output) == 0);
  std::ifstream image(png, std::ios::binary);
  char magic[8] = {};
  image.read(magic, 8);
  CHECK(std::string(magic + 1, 3) == "PNG");
  CHECK(fs::file_size(png) > 10000);  // a drawn figure, not an empty canvas

  std::string missing;
  CHECK(run_quietly("plot " + (dir / "nowhere").string(), missing) == 2);
  CHECK(missing.find("progress_evaluator.csv does not exist") != std::string::npos);
  fs::remove_all(dir);
}
