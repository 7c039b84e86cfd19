#include "actors/trajectory_log.hpp"

#include <algorithm>

#include "messages/errors.hpp"

namespace amb::actors {

using messages::errc;

trajectory_log::trajectory_log(const data_buffer_config& config) : config_(config) {}

caf::expected<uint64_t> trajectory_log::append(messages::trajectory t) {
  if (auto err = messages::validate(t, dims())) {
    ++rejected_;
    return err;
  }
  if (store_) {
    try {
      store_->append(t);
    } catch (const std::exception& e) {  // a full disk: the collector hears of it, data stays
      return messages::make_error(errc::storage_failed, e.what());
    }
  }
  const uint64_t seq = first_seq_ + window_.size();
  restore(std::move(t));
  return seq;
}

void trajectory_log::persist_to(std::unique_ptr<trajectory_store> store) {
  store_ = std::move(store);
}

void trajectory_log::sync() {
  if (store_) store_->sync();
}

void trajectory_log::restore(messages::trajectory t) {
  steps_stored_ += t.length;
  env_steps_ += t.length;
  window_.push_back(std::move(t));
  // FIFO window bounded in transitions; the newest trajectory always stays.
  while (steps_stored_ > config_.capacity_steps && window_.size() > 1) {
    steps_stored_ -= window_.front().length;
    window_.pop_front();
    ++first_seq_;
  }
}

caf::expected<messages::trajectory_batch> trajectory_log::read(const std::string& consumer,
                                                               uint64_t cursor, uint32_t max) {
  const uint64_t end = first_seq_ + window_.size();
  if (max == 0) return messages::make_error(errc::bad_request, "pull of 0 trajectories");
  if (cursor > end)
    return messages::make_error(errc::bad_request, "cursor " + std::to_string(cursor) +
                                                       " is past the end of the log (" +
                                                       std::to_string(end) + ")");
  cursors_[consumer] = cursor;
  ++pulls_;
  messages::trajectory_batch batch;
  batch.first_seq = std::max(cursor, first_seq_);
  batch.skipped = batch.first_seq - cursor;
  const uint64_t count = std::min<uint64_t>({end - batch.first_seq, max, config_.max_pull});
  for (uint64_t seq = batch.first_seq; seq < batch.first_seq + count; ++seq)
    batch.trajectories.push_back(window_[seq - first_seq_]);  // shares the arrays, copies no data
  batch.next_cursor = batch.first_seq + count;
  return batch;
}

uint64_t trajectory_log::cursor_of(const std::string& consumer) const {
  auto it = cursors_.find(consumer);
  return it == cursors_.end() ? 0 : it->second;
}

messages::buffer_stats trajectory_log::stats() const {
  messages::buffer_stats s;
  s.trajectories_pushed = first_seq_ + window_.size();
  s.env_steps = env_steps_;
  s.trajectories_stored = window_.size();
  s.steps_stored = steps_stored_;
  s.first_stored_seq = first_seq_;
  s.rejected = rejected_;
  s.pulls = pulls_;
  return s;
}

}  // namespace amb::actors
