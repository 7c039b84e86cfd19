#include "messages/registration.hpp"

#include <caf/actor_system_config.hpp>

#include "messages/errors.hpp"
#include "messages/type_ids.hpp"

namespace amb::messages {

void register_types(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::amb>();
  add_error_category(cfg);
}

}  // namespace amb::messages
