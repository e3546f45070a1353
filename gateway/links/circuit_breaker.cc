// File: gateway/links/circuit_breaker.cc
#include "gateway/links/circuit_breaker.h"

#include <algorithm>

namespace gw::links {

std::string_view BreakerStateName(BreakerState state) {
  switch (state) {
    case BreakerState::kClosed: return "CLOSED";
    case BreakerState::kOpen: return "OPEN";
    case BreakerState::kHalfOpen: return "HALF_OPEN";
  }
  return "UNKNOWN";
}

CircuitBreaker::CircuitBreaker(BreakerConfig config, TimeSource now, ChangeCallback on_change)
    : config_(config),
      now_(now ? std::move(now) : TimeSource([] { return std::chrono::steady_clock::now(); })),
      on_change_(std::move(on_change)) {}

void CircuitBreaker::TransitionLocked(BreakerState to) {
  if (state_ == to) return;
  const BreakerState from = state_;
  state_ = to;
  if (to == BreakerState::kOpen) {
    opened_at_ = now_();
    ++times_opened_;
  }
  half_open_successes_ = 0;
  if (to == BreakerState::kClosed) {
    consecutive_failures_ = 0;
    buckets_ = {};
  }
  if (on_change_) on_change_(from, to);
}

void CircuitBreaker::MaybeHalfOpenLocked(TimePoint now) {
  if (state_ == BreakerState::kOpen && now - opened_at_ >= config_.open_cooldown) {
    TransitionLocked(BreakerState::kHalfOpen);
  }
}

CircuitBreaker::Bucket& CircuitBreaker::BucketLocked(TimePoint now) {
  const auto slice = std::max<std::int64_t>(1, config_.window.count() / kBuckets);
  const std::int64_t index =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() / slice;
  Bucket& b = buckets_[static_cast<std::size_t>(index % kBuckets)];
  if (b.index != index) b = Bucket{index, 0, 0};
  return b;
}

void CircuitBreaker::WindowTotalsLocked(TimePoint now, std::uint64_t& ok, std::uint64_t& failed) {
  const auto slice = std::max<std::int64_t>(1, config_.window.count() / kBuckets);
  const std::int64_t index =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() / slice;
  ok = failed = 0;
  for (const auto& b : buckets_) {
    if (b.index >= 0 && index - b.index < kBuckets) {
      ok += b.ok;
      failed += b.failed;
    }
  }
}

BreakerState CircuitBreaker::State() {
  std::lock_guard lock(mu_);
  MaybeHalfOpenLocked(now_());
  return state_;
}

void CircuitBreaker::RecordSuccess() {
  std::lock_guard lock(mu_);
  const TimePoint now = now_();
  MaybeHalfOpenLocked(now);
  consecutive_failures_ = 0;
  BucketLocked(now).ok++;
  if (state_ == BreakerState::kHalfOpen &&
      ++half_open_successes_ >= std::max(1, config_.half_open_successes)) {
    TransitionLocked(BreakerState::kClosed);
  }
}

void CircuitBreaker::RecordFailure() {
  std::lock_guard lock(mu_);
  const TimePoint now = now_();
  MaybeHalfOpenLocked(now);
  ++consecutive_failures_;
  BucketLocked(now).failed++;
  switch (state_) {
    case BreakerState::kHalfOpen:
      TransitionLocked(BreakerState::kOpen);
      break;
    case BreakerState::kOpen:
      break;
    case BreakerState::kClosed: {
      if (consecutive_failures_ >= std::max(1, config_.failure_threshold)) {
        TransitionLocked(BreakerState::kOpen);
        break;
      }
      std::uint64_t ok = 0, failed = 0;
      WindowTotalsLocked(now, ok, failed);
      const std::uint64_t total = ok + failed;
      if (total >= static_cast<std::uint64_t>(std::max(1, config_.min_requests)) &&
          static_cast<double>(failed) / static_cast<double>(total) > config_.error_rate_threshold) {
        TransitionLocked(BreakerState::kOpen);
      }
      break;
    }
  }
}

void CircuitBreaker::Reset() {
  std::lock_guard lock(mu_);
  TransitionLocked(BreakerState::kClosed);
  consecutive_failures_ = 0;
  buckets_ = {};
}

CircuitBreaker::Snapshot CircuitBreaker::GetSnapshot() {
  std::lock_guard lock(mu_);
  const TimePoint now = now_();
  MaybeHalfOpenLocked(now);
  Snapshot s{state_, consecutive_failures_, 0, 0, times_opened_};
  WindowTotalsLocked(now, s.window_successes, s.window_failures);
  return s;
}

}  // namespace gw::links
