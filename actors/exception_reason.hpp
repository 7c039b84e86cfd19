#pragma once

#include <caf/error.hpp>
#include <caf/fwd.hpp>
#include <exception>

namespace amb::actors {

/// An exit reason that keeps the exception's message. CAF's default handler reports only
/// "runtime_error", which leaves a user of events.jsonl guessing why a worker died. A system
/// that never answered (envs::system_unreachable) is errc::unreachable, which the coordinator
/// counts.
caf::error exception_reason(caf::scheduled_actor* self, std::exception_ptr& exception);

}  // namespace amb::actors
