#include "learners/compute_threads.hpp"

#include <ATen/Parallel.h>
#include <ATen/ThreadLocalState.h>
#include <dlfcn.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace amb::learners {

namespace {

thread_local int threads_here = 1;
thread_local bool inside_pieces = false;  // a piece's own run_pieces runs them itself

// Spins until ready() or for a fifth of a millisecond, whichever comes first; says which. A
// helper's next piece (the next layer of the same imagined step) usually comes sooner than a
// sleeping thread wakes up.
template <class Ready>
bool spin_until(Ready ready) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
  do {
    for (int i = 0; i < 64; ++i) {
      if (ready()) return true;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
  } while (std::chrono::steady_clock::now() < give_up);
  return false;
}

// Threads that run the pieces of one run_pieces call after another, each its own piece.
class helper_pool {
 public:
  explicit helper_pool(int helpers) {
    for (int i = 0; i < helpers; ++i) threads_.emplace_back([this, i] { serve(i); });
  }

  ~helper_pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      ++generation_;
    }
    wake_.notify_all();
    for (auto& thread : threads_) thread.join();
  }

  int size() const { return static_cast<int>(threads_.size()); }

  // Starts pieces[i] on helper i (pieces.size() <= size()); `pieces` must outlive wait().
  void start(const std::vector<std::function<void()>>& pieces) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      pieces_ = &pieces;
      error_ = nullptr;
      pending_ = static_cast<int>(pieces.size());
      ++generation_;
    }
    wake_.notify_all();
  }

  // Waits for the pieces started last; returns the first exception one threw.
  std::exception_ptr wait() {
    spin_until([this] { return pending_ == 0; });
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return pending_ == 0; });
    pieces_ = nullptr;
    return error_;
  }

 private:
  void serve(size_t index) {
    at::set_num_threads(1);
    inside_pieces = true;
    uint64_t seen = 0;
    for (;;) {
      spin_until([&] { return generation_ != seen; });
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return generation_ != seen; });
      seen = generation_;
      if (stopping_) return;
      if (index >= pieces_->size()) continue;
      const auto& piece = (*pieces_)[index];
      lock.unlock();
      std::exception_ptr error;
      try {
        piece();
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      if (error && !error_) error_ = error;
      if (--pending_ == 0) done_.notify_one();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::vector<std::function<void()>>* pieces_ = nullptr;
  std::atomic<uint64_t> generation_{0};  // changed under mutex_, read by spinning helpers too
  std::atomic<int> pending_{0};
  bool stopping_ = false;
  std::exception_ptr error_;
  std::vector<std::thread> threads_;
};

thread_local std::unique_ptr<helper_pool> helpers_here;

}  // namespace

// OpenBLAS keeps one process-wide pool sized from the environment when it loads; its setter is
// looked up so that another BLAS simply goes without.
void set_blas_threads(int threads) {
  using setter = void (*)(int);
  static const auto set = reinterpret_cast<setter>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (set) set(threads);
}

void set_compute_threads(int threads) {
  threads_here = std::max(threads, 1);
  at::set_num_threads(1);  // per thread (OpenMP's setting): each learner thread calls this
  set_blas_threads(1);     // process-wide
  if (!helpers_here || helpers_here->size() != threads_here - 1)
    helpers_here = threads_here > 1 ? std::make_unique<helper_pool>(threads_here - 1) : nullptr;
}

int compute_threads() {
  return threads_here;
}

std::vector<std::pair<int64_t, int64_t>> split_range(int64_t n, int64_t grain) {
  const int64_t pieces = std::clamp<int64_t>(n / std::max<int64_t>(grain, 1), 1, threads_here);
  std::vector<std::pair<int64_t, int64_t>> ranges;
  for (int64_t p = 0; p < pieces; ++p) ranges.emplace_back(n * p / pieces, n * (p + 1) / pieces);
  return ranges;
}

void run_pieces(size_t count, const std::function<void(size_t)>& piece) {
  if (count > static_cast<size_t>(threads_here))
    throw std::logic_error("run_pieces: more pieces than compute threads");
  if (count == 1 || inside_pieces) {
    for (size_t i = 0; i < count; ++i) piece(i);
    return;
  }
  const at::ThreadLocalState caller;  // gradient mode and the like, for the helpers
  std::vector<std::function<void()>> others;
  for (size_t i = 1; i < count; ++i)
    others.push_back([&, i] {
      at::ThreadLocalStateGuard same_state(caller);
      piece(i);
    });
  helpers_here->start(others);
  std::exception_ptr error;
  inside_pieces = true;
  try {
    piece(0);
  } catch (...) {
    error = std::current_exception();
  }
  inside_pieces = false;
  const auto helper_error = helpers_here->wait();
  if (!error) error = helper_error;
  if (error) std::rethrow_exception(error);
}

}  // namespace amb::learners
