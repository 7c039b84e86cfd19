#include "actors/exception_reason.hpp"

#include <caf/sec.hpp>
#include <string>

#include "envs/environment.hpp"
#include "messages/errors.hpp"

namespace amb::actors {

caf::error exception_reason(caf::scheduled_actor*, std::exception_ptr& exception) {
  try {
    std::rethrow_exception(exception);
  } catch (const envs::system_unreachable& e) {
    return messages::make_error(messages::errc::unreachable, e.what());
  } catch (const std::exception& e) {
    return caf::make_error(caf::sec::runtime_error, std::string(e.what()));
  } catch (...) {
    // Not a std::exception: there is no message to keep, but the worker still stops with an
    // error that says so.
    return caf::make_error(caf::sec::runtime_error, std::string("unknown exception"));
  }
}

}  // namespace amb::actors
