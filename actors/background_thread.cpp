#include "actors/background_thread.hpp"

#include <pthread.h>
#include <sched.h>

namespace amb::actors {

void run_as_background_thread(const std::string& name) {
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
  // Needs no privilege. Should it fail, the thread merely keeps the normal policy, which is not
  // worth stopping a learner for.
  const sched_param normal{};
  pthread_setschedparam(pthread_self(), SCHED_BATCH, &normal);
}

}  // namespace amb::actors
