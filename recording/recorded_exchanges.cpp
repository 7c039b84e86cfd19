#include "recording/recorded_exchanges.hpp"

namespace amb::recording {

recorded_exchanges::recorded_exchanges(const std::string& log_path, std::set<std::string> actor_ids)
    : reader_(log_path), ids_(std::move(actor_ids)) {}

std::optional<recorded_exchange> recorded_exchanges::next() {
  recorded_exchange x;
  do {
    if (!reader_.next(x.request)) return std::nullopt;
  } while (x.request.type == "label" || ids_.count(x.request.sender) == 0);
  do {
    if (!reader_.next(x.reply)) return std::nullopt;
  } while (x.reply.sender != x.request.receiver || x.reply.receiver != x.request.sender);
  return x;
}

}  // namespace amb::recording
