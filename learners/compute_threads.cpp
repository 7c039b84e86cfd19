#include "learners/compute_threads.hpp"

#include <ATen/Parallel.h>
#include <dlfcn.h>

namespace amb::learners {

void set_compute_threads(int threads) {
  // LibTorch's intra-op threads (OpenMP): a per-thread setting, so every learner thread calls this.
  at::set_num_threads(threads);
  // OpenBLAS, behind LibTorch's GEMMs, keeps one process-wide pool sized from the environment
  // when it loads; its setter is looked up so that another BLAS simply goes without.
  using setter = void (*)(int);
  if (auto set_blas_threads =
          reinterpret_cast<setter>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
    set_blas_threads(threads);
}

}  // namespace amb::learners
