#pragma once

// Every message type that may cross the network, with a fixed ID. All nodes must register the
// same block (register_types) or the peer answers sec::unknown_type.

#include <caf/type_id.hpp>

#include "messages/interfaces.hpp"

CAF_BEGIN_TYPE_ID_BLOCK(amb, caf::first_custom_type_id)
CAF_ADD_TYPE_ID(amb, (amb::messages::shared_bytes))
CAF_ADD_TYPE_ID(amb, (amb::messages::trajectory))
CAF_ADD_TYPE_ID(amb, (amb::messages::trajectory_batch))
CAF_ADD_TYPE_ID(amb, (amb::messages::buffer_stats))
CAF_ADD_TYPE_ID(amb, (amb::messages::param_blob))
CAF_ADD_TYPE_ID(amb, (amb::messages::param_pull_reply))
CAF_ADD_TYPE_ID(amb, (amb::messages::event))
CAF_ADD_TYPE_ID(amb, (amb::messages::run_stats))
CAF_ADD_TYPE_ID(amb, (amb::messages::data_buffer_actor))
CAF_ADD_TYPE_ID(amb, (amb::messages::param_server_actor))
CAF_ADD_TYPE_ID(amb, (amb::messages::event_log_actor))
CAF_ADD_TYPE_ID(amb, (amb::messages::coordinator_actor))
CAF_ADD_TYPE_ID(amb, (amb::messages::tapped_message))
CAF_ADD_TYPE_ID(amb, (amb::messages::recorder_actor))
CAF_ADD_TYPE_ID(amb, (amb::messages::worker_metrics))
CAF_ADD_TYPE_ID(amb, (amb::messages::metrics_sink_actor))
CAF_END_TYPE_ID_BLOCK(amb)
