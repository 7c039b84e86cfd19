// A learner's compute threads: pieces of its work at once on helper threads, with the caller's
// gradient mode, and gradients from pieces equal to those of the whole batch.

#include "learners/compute_threads.hpp"

#include <torch/torch.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "learners/piecewise_gradients.hpp"
#include "tests/torch_doctest.hpp"

using namespace amb::learners;

namespace {

// Restores one compute thread when a test case ends, whatever it set.
struct one_thread_after {
  ~one_thread_after() { set_compute_threads(1); }
};

}  // namespace

TEST_CASE("split_range cuts 0..n into contiguous pieces of at least the grain") {
  one_thread_after restore;
  set_compute_threads(3);
  const auto pieces = split_range(10, 2);
  REQUIRE(pieces.size() == 3);
  CHECK(pieces.front().first == 0);
  CHECK(pieces.back().second == 10);
  for (size_t i = 1; i < pieces.size(); ++i) CHECK(pieces[i].first == pieces[i - 1].second);
  CHECK(split_range(10, 6).size() == 1);  // two pieces would be smaller than the grain
  set_compute_threads(1);
  CHECK(split_range(1000, 1).size() == 1);
}

TEST_CASE("run_pieces runs every piece once, the others on another thread, and waits for them") {
  one_thread_after restore;
  set_compute_threads(2);
  for (int round = 0; round < 50; ++round) {
    std::mutex mutex;
    std::set<std::thread::id> threads;
    std::atomic<int> runs[2] = {0, 0};
    bool grad_mode_in_helper = true;
    {
      torch::NoGradGuard no_grad;  // the helpers take the caller's gradient mode
      run_pieces(2, [&](size_t i) {
        ++runs[i];
        std::lock_guard<std::mutex> lock(mutex);
        threads.insert(std::this_thread::get_id());
        if (i == 1) grad_mode_in_helper = torch::GradMode::is_enabled();
      });
    }
    CHECK(runs[0] == 1);
    CHECK(runs[1] == 1);
    CHECK(threads.size() == 2);
    CHECK_FALSE(grad_mode_in_helper);
  }
  CHECK_THROWS_AS(run_pieces(3, [](size_t) {}), std::logic_error);  // more than the threads
}

TEST_CASE("an exception in a helper's piece reaches the caller, and the helpers go on working") {
  one_thread_after restore;
  set_compute_threads(2);
  CHECK_THROWS_WITH(run_pieces(2,
                               [](size_t i) {
                                 if (i == 1) throw std::runtime_error("piece 1 failed");
                               }),
                    "piece 1 failed");
  std::atomic<int> runs{0};
  run_pieces(2, [&](size_t) { ++runs; });
  CHECK(runs == 2);
}

TEST_CASE("gradients from pieces of the rows equal the whole batch's") {
  one_thread_after restore;
  torch::manual_seed(5);
  const auto x = torch::randn({1000, 7});
  const auto y = torch::randn({1000});
  auto w = torch::randn({7}).requires_grad_(true);
  auto loss_of = [&](int64_t begin, int64_t end) {
    return (torch::mv(x.slice(0, begin, end), w) - y.slice(0, begin, end)).pow(2).mean();
  };
  set_compute_threads(1);
  const auto whole = piecewise_gradients(1000, 100, {w}, loss_of);
  CHECK(whole.loss == doctest::Approx(loss_of(0, 1000).item<double>()));
  set_compute_threads(2);
  REQUIRE(split_range(1000, 100).size() == 2);
  const auto pieces = piecewise_gradients(1000, 100, {w}, loss_of);
  CHECK(pieces.loss == doctest::Approx(whole.loss).epsilon(1e-6));
  CHECK(torch::allclose(pieces.gradients[0], whole.gradients[0], 1e-5, 1e-6));
  set_gradients({w}, pieces.gradients);
  CHECK(torch::equal(w.grad(), pieces.gradients[0]));
}
