#include "actors/background_thread.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace amb::actors {

void run_as_background_thread(const std::string& name) {
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
  // On Linux the nice value is a property of each thread (PRIO_PROCESS with a thread id).
  const auto thread = static_cast<id_t>(::syscall(SYS_gettid));
  errno = 0;
  const int current = ::getpriority(PRIO_PROCESS, thread);
  // Raising one's own nice value needs no privilege; if even that fails, the thread merely
  // keeps its priority, so the error is not worth stopping a learner for.
  if (errno == 0) ::setpriority(PRIO_PROCESS, thread, current + background_niceness);
}

}  // namespace amb::actors
