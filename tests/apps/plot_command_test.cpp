// `amb plot` through the real binary and the real gnuplot.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/amb_command.hpp"
#include "tests/decoded_frames.hpp"

namespace fs = std::filesystem;
using amb::tests::run_amb;

TEST_CASE("amb plot draws the learning curves of run folders into a PNG") {
  amb::tests::scratch_dir scratch("plot-test");
  const fs::path& dir = scratch.path;
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
  REQUIRE(run_amb("plot " + (dir / "async").string() + " " + (dir / "sequential").string() +
                  " --out " + png.string())
              .exit_code == 0);
  std::ifstream image(png, std::ios::binary);
  char magic[8] = {};
  image.read(magic, 8);
  CHECK(std::string(magic + 1, 3) == "PNG");
  CHECK(fs::file_size(png) > 10000);  // a drawn figure, not an empty canvas

  const auto missing = run_amb("plot " + (dir / "nowhere").string());
  CHECK(missing.exit_code == 2);
  CHECK(missing.output.find("progress_evaluator.csv does not exist") != std::string::npos);
}

TEST_CASE("amb plot refuses a picture it cannot write, or one that is not a .png") {
  amb::tests::scratch_dir scratch("plot-out");
  const fs::path run = scratch.path / "run";
  fs::create_directories(run);
  const auto csv = run / "progress_evaluator.csv";
  const std::string rows = "time,eval_return,env_steps\n0,-10,0\n2,-9,500\n";
  std::ofstream(csv) << rows;
  const auto read = [](const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };

  // gnuplot, unable to open it, drew the PNG's bytes to the terminal and the error blamed a
  // missing gnuplot. A missing folder is refused with the option; what only opening finds
  // out, such as a folder of the picture's name, before gnuplot starts.
  const auto nowhere = scratch.path / "no-such-folder" / "curves.png";
  const auto no_folder = run_amb("plot " + run.string() + " --out " + nowhere.string());
  CHECK(no_folder.exit_code == 2);
  CHECK(no_folder.output.find("there is no folder") != std::string::npos);
  CHECK_FALSE(fs::exists(nowhere));
  const auto folder = scratch.path / "curves.png";
  fs::create_directories(folder);
  const auto unwritable = run_amb("plot " + run.string() + " --out " + folder.string());
  CHECK(unwritable.exit_code == 2);
  CHECK(unwritable.output.find("cannot write " + folder.string()) != std::string::npos);
  CHECK(unwritable.output.find("PNG") == std::string::npos);

  // A run's own file named as the picture is refused before anything is written over it.
  const auto over_data = run_amb("plot " + run.string() + " --out " + csv.string());
  CHECK(over_data.exit_code == 2);
  CHECK(over_data.output.find("is not a .png file") != std::string::npos);
  CHECK(read(csv) == rows);
}

TEST_CASE("amb plot draws the curves of evaluators attached from other hosts") {
  amb::tests::scratch_dir scratch("plot-peers");
  const auto run = scratch.path / "node-run";
  fs::create_directories(run);
  // An evaluator that attached twice (its host came back): one file per attachment.
  for (const char* peer : {"peer1", "peer2"}) {
    std::ofstream csv(run / (std::string("progress_evaluator@") + peer + ".csv"));
    csv << "time,eval_return,policy_version,env_steps,trajectories\n";
    for (int i = 0; i < 4; ++i)
      csv << i * 3.0 << ',' << -8 + i << ',' << i + 2 << ',' << i * 400 << ',' << i * 8 << '\n';
  }
  const auto png = scratch.path / "peers.png";
  const auto plotted = run_amb("plot " + run.string() + " --out " + png.string());
  INFO(plotted.output);
  REQUIRE(plotted.exit_code == 0);
  CHECK(fs::file_size(png) > 10000);
}

TEST_CASE("amb plot shades each curve by the standard deviation of its evaluations") {
  amb::tests::scratch_dir scratch("plot-spread");
  const auto run = scratch.path / "run";
  fs::create_directories(run);
  std::ofstream csv(run / "progress_evaluator.csv");
  csv << "time,eval_return,eval_return_std,eval_return_min,eval_return_max,eval_episodes,"
         "policy_version,env_steps,trajectories\n";
  for (int i = 0; i < 5; ++i)
    csv << i * 2.0 << ',' << -10 + i << ',' << 1.5 << ',' << -12 + i << ',' << -8 + i << ",5,"
        << i + 1 << ',' << i * 500 << ',' << i * 10 << '\n';
  csv.close();
  const auto banded = scratch.path / "banded.png";
  const auto plotted = run_amb("plot " + run.string() + " --out " + banded.string());
  INFO(plotted.output);
  REQUIRE(plotted.exit_code == 0);
  // The same curve without its std column: the shading colours a band of the figure.
  amb::tests::scratch_dir plain_scratch("plot-plain");
  const auto plain_run = plain_scratch.path / "run";
  fs::create_directories(plain_run);
  std::ofstream plain(plain_run / "progress_evaluator.csv");
  plain << "time,eval_return,policy_version,env_steps,trajectories\n";
  for (int i = 0; i < 5; ++i)
    plain << i * 2.0 << ',' << -10 + i << ',' << i + 1 << ',' << i * 500 << ',' << i * 10 << '\n';
  plain.close();
  const auto unbanded = scratch.path / "plain.png";
  REQUIRE(run_amb("plot " + plain_run.string() + " --out " + unbanded.string()).exit_code == 0);
  const auto shaded = amb::tests::coloured_pixels(amb::tests::decoded_rgb(banded));
  const auto lines_only = amb::tests::coloured_pixels(amb::tests::decoded_rgb(unbanded));
  MESSAGE("coloured pixels: " << shaded << " shaded, " << lines_only << " without the band");
  CHECK(shaded > 2 * lines_only);
}
