#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <type_traits>

namespace amb::hw {

/// Hands the newest value of T from one thread to one other without locks, waits or allocation:
/// a triple buffer. The writer fills its own slot and swaps it with the shared middle one; the
/// reader swaps the middle one with its own when it is marked fresh. Either side runs in a
/// bounded number of steps whatever the other does, which a 1 kHz loop needs (shared/PR2.md:
/// "the real-time side never blocks").
template <class T>
class latest_value {
  static_assert(std::is_trivially_copyable_v<T>, "slots are copied inside the real-time loop");

 public:
  /// Writer side: makes `value` the newest.
  void publish(const T& value) {
    slots_[back_] = value;
    back_ = middle_.exchange(static_cast<uint8_t>(back_ | fresh), std::memory_order_acq_rel) &
            index_mask;
  }

  /// Reader side: copies the newest value into `out` if one arrived since the last take;
  /// otherwise leaves `out` alone and returns false (the caller keeps its last value).
  bool take(T& out) {
    if ((middle_.load(std::memory_order_acquire) & fresh) == 0) return false;
    front_ = middle_.exchange(front_, std::memory_order_acq_rel) & index_mask;
    out = slots_[front_];
    return true;
  }

 private:
  static constexpr uint8_t fresh = 4;
  static constexpr uint8_t index_mask = 3;

  std::array<T, 3> slots_{};
  uint8_t back_ = 0;                // the writer's slot
  uint8_t front_ = 1;               // the reader's slot
  std::atomic<uint8_t> middle_{2};  // the shared slot, with the fresh flag
};

}  // namespace amb::hw
