// File: gateway/links/circuit_breaker.h
//
// A per-link circuit breaker.
//   CLOSED    -> OPEN       after `failure_threshold` consecutive failures, or when
//                           the failure rate over the last `window` exceeds
//                           `error_rate_threshold` with at least `min_requests` outcomes.
//   OPEN      -> HALF_OPEN  once `open_cooldown` has passed (checked on State()/AllowRequest()).
//   HALF_OPEN -> CLOSED     after `half_open_successes` successes;
//   HALF_OPEN -> OPEN       on any failure (the cool-down starts again).
//   Reset()               -> CLOSED, counters cleared (admin action).
// Thread-safe (one mutex). The change callback runs under that mutex: it must be
// quick and must not call back into the breaker.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string_view>

namespace gw::links {

enum class BreakerState { kClosed = 0, kOpen = 1, kHalfOpen = 2 };
std::string_view BreakerStateName(BreakerState state);

struct BreakerConfig {
  int failure_threshold = 5;
  double error_rate_threshold = 0.5;  // (0, 1]; > 1 disables the rate rule
  int min_requests = 20;
  std::chrono::milliseconds window{30'000};
  std::chrono::milliseconds open_cooldown{10'000};
  int half_open_successes = 1;
};

class CircuitBreaker {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using TimeSource = std::function<TimePoint()>;
  using ChangeCallback = std::function<void(BreakerState from, BreakerState to)>;

  explicit CircuitBreaker(BreakerConfig config, TimeSource now = nullptr,
                          ChangeCallback on_change = nullptr);

  // Current state, applying the OPEN -> HALF_OPEN transition when due.
  BreakerState State();
  // Whether new work may be attempted now (CLOSED or HALF_OPEN).
  bool AllowRequest() { return State() != BreakerState::kOpen; }
  void RecordSuccess();
  void RecordFailure();
  void Reset();

  struct Snapshot {
    BreakerState state;
    int consecutive_failures;
    std::uint64_t window_successes;
    std::uint64_t window_failures;
    std::uint64_t times_opened;
  };
  Snapshot GetSnapshot();

 private:
  static constexpr int kBuckets = 10;
  struct Bucket {
    std::int64_t index = -1;  // which window/kBuckets slice of time this bucket counts
    std::uint64_t ok = 0;
    std::uint64_t failed = 0;
  };

  void TransitionLocked(BreakerState to);
  void MaybeHalfOpenLocked(TimePoint now);
  Bucket& BucketLocked(TimePoint now);
  void WindowTotalsLocked(TimePoint now, std::uint64_t& ok, std::uint64_t& failed);

  const BreakerConfig config_;
  const TimeSource now_;
  const ChangeCallback on_change_;
  std::mutex mu_;
  BreakerState state_ = BreakerState::kClosed;  // guarded by mu_
  int consecutive_failures_ = 0;
  int half_open_successes_ = 0;
  TimePoint opened_at_{};
  std::uint64_t times_opened_ = 0;
  std::array<Bucket, kBuckets> buckets_{};
};

}  // namespace gw::links
