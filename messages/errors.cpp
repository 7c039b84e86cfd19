#include "messages/errors.hpp"

#include <caf/actor_system_config.hpp>
#include <caf/atom.hpp>
#include <caf/make_message.hpp>
#include <caf/message.hpp>

namespace amb::messages {

namespace {
constexpr caf::atom_value category = caf::atom("amb");
}

const char* to_string(errc code) {
  switch (code) {
    case errc::wrong_dimensions:
      return "wrong_dimensions";
    case errc::not_finite:
      return "not_finite";
    case errc::version_backwards:
      return "version_backwards";
    case errc::bad_checksum:
      return "bad_checksum";
    case errc::bad_request:
      return "bad_request";
    case errc::restart_budget_exceeded:
      return "restart_budget_exceeded";
    case errc::storage_failed:
      return "storage_failed";
    case errc::stalled:
      return "stalled";
    case errc::refused:
      return "refused";
    case errc::unreachable:
      return "unreachable";
  }
  return "unknown";
}

caf::error make_error(errc code, std::string what) {
  return caf::error(static_cast<uint8_t>(code), category, caf::make_message(std::move(what)));
}

namespace {

std::string describe(uint8_t code, const caf::message& context) {
  std::string text = to_string(static_cast<errc>(code));
  if (context.match_elements<std::string>()) text += ": " + context.get_as<std::string>(0);
  return text;
}

}  // namespace

bool is(const caf::error& err, errc code) {
  return err.category() == category && err.code() == static_cast<uint8_t>(code);
}

std::string describe(const caf::error& err) {
  if (err.category() != category) return caf::to_string(err);
  return describe(err.code(), err.context());
}

void add_error_category(caf::actor_system_config& cfg) {
  cfg.add_error_category(category, [](uint8_t code, caf::atom_value, const caf::message& context) {
    return "amb: " + describe(code, context);
  });
}

}  // namespace amb::messages
