// File: tests/links/circuit_breaker_test.cc
#include <catch2/catch.hpp>
#include <vector>

#include "gateway/links/circuit_breaker.h"

namespace gw::links {
namespace {

struct FakeTime {
  std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
  CircuitBreaker::TimeSource Source() {
    return [this] { return now; };
  }
};

TEST_CASE("breaker: consecutive failures open it, cool-down half-opens, success closes",
          "[links]") {
  FakeTime t;
  std::vector<std::pair<BreakerState, BreakerState>> changes;
  BreakerConfig c;
  c.failure_threshold = 3;
  c.open_cooldown = std::chrono::seconds(10);
  CircuitBreaker b(c, t.Source(), [&](BreakerState from, BreakerState to) { changes.emplace_back(from, to); });
  CHECK(b.State() == BreakerState::kClosed);
  b.RecordFailure();
  b.RecordFailure();
  b.RecordSuccess();  // resets the consecutive count
  b.RecordFailure();
  b.RecordFailure();
  CHECK(b.State() == BreakerState::kClosed);
  b.RecordFailure();
  CHECK(b.State() == BreakerState::kOpen);
  CHECK_FALSE(b.AllowRequest());
  t.now += std::chrono::seconds(9);
  CHECK(b.State() == BreakerState::kOpen);
  t.now += std::chrono::seconds(1);
  CHECK(b.State() == BreakerState::kHalfOpen);
  CHECK(b.AllowRequest());
  b.RecordFailure();  // probe failed
  CHECK(b.State() == BreakerState::kOpen);
  t.now += std::chrono::seconds(10);
  CHECK(b.State() == BreakerState::kHalfOpen);
  b.RecordSuccess();
  CHECK(b.State() == BreakerState::kClosed);
  CHECK(b.GetSnapshot().times_opened == 2);
  REQUIRE(changes.size() == 5);
  CHECK(changes[0] == std::pair{BreakerState::kClosed, BreakerState::kOpen});
  CHECK(changes[4] == std::pair{BreakerState::kHalfOpen, BreakerState::kClosed});
}

TEST_CASE("breaker: error rate over the window opens it", "[links]") {
  FakeTime t;
  BreakerConfig c;
  c.failure_threshold = 1000;
  c.error_rate_threshold = 0.5;
  c.min_requests = 10;
  c.window = std::chrono::seconds(10);
  CircuitBreaker b(c, t.Source());
  // Alternating outcomes: 50% is not over the threshold.
  for (int i = 0; i < 10; ++i) {
    b.RecordSuccess();
    b.RecordFailure();
  }
  CHECK(b.State() == BreakerState::kClosed);
  // Old outcomes leave the window; a fresh failure-heavy mix trips it.
  t.now += std::chrono::seconds(11);
  for (int i = 0; i < 4; ++i) b.RecordSuccess();
  for (int i = 0; i < 5; ++i) b.RecordFailure();
  CHECK(b.State() == BreakerState::kClosed);  // 9 outcomes < min_requests
  b.RecordFailure();                          // 6/10 failed
  CHECK(b.State() == BreakerState::kOpen);
}

TEST_CASE("breaker: Reset closes it from any state", "[links]") {
  FakeTime t;
  BreakerConfig c;
  c.failure_threshold = 1;
  CircuitBreaker b(c, t.Source());
  b.RecordFailure();
  CHECK(b.State() == BreakerState::kOpen);
  b.Reset();
  CHECK(b.State() == BreakerState::kClosed);
  CHECK(b.GetSnapshot().consecutive_failures == 0);
  CHECK(BreakerStateName(BreakerState::kHalfOpen) == "HALF_OPEN");
}

}  // namespace
}  // namespace gw::links
