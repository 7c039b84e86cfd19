#include "messages/registration.hpp"

#include <caf/actor_system_config.hpp>

#include "messages/errors.hpp"
#include "messages/type_ids.hpp"

namespace amb::messages {

void register_types(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::amb>();
  add_error_category(cfg);
}

namespace {
template <caf::type_id_t... Offsets>
std::vector<std::string> names_of(std::integer_sequence<caf::type_id_t, Offsets...>) {
  return {caf::type_name_by_id<caf::id_block::amb::begin + Offsets>::value...};
}
}  // namespace

std::vector<std::string> type_registry() {
  using ids = caf::id_block::amb;
  return names_of(std::make_integer_sequence<caf::type_id_t, ids::end - ids::begin>());
}

}  // namespace amb::messages
