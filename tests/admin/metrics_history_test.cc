// The dashboard's hour of history, sampled from the process's own registry:
// rates from counter differences, the p95 of the interval's observations only,
// the ring keeps one window, and ?since= returns only later points.
#include <catch2/catch.hpp>

#include <limits>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "admin/metrics_history.h"

using namespace gw;
using Clock = std::chrono::system_clock;

namespace {

struct Figures {
  prometheus::Registry registry;
  prometheus::Counter& initiated =
      prometheus::BuildCounter().Name("payments_initiated_total").Help("h").Register(registry).Add({});
  prometheus::Family<prometheus::Counter>& inbound =
      prometheus::BuildCounter().Name("payments_inbound_total").Help("h").Register(registry);
  prometheus::Counter& completed =
      prometheus::BuildCounter().Name("payments_completed_total").Help("h").Register(registry).Add({});
  prometheus::Histogram& duration = prometheus::BuildHistogram()
                                        .Name("payment_processing_duration_seconds")
                                        .Help("h")
                                        .Register(registry)
                                        .Add({}, prometheus::Histogram::BucketBoundaries{0.01, 0.05, 0.1, 0.5, 1});
  prometheus::Family<prometheus::Gauge>& pool =
      prometheus::BuildGauge().Name("db_pool_connections").Help("h").Register(registry);
  prometheus::Family<prometheus::Gauge>& outbox =
      prometheus::BuildGauge().Name("tls_outbox_depth").Help("h").Register(registry);
};

}  // namespace

TEST_CASE("MetricsHistory turns the registry's counters into per-second rates and the interval's p95",
          "[admin][metrics]") {
  Figures f;
  admin::MetricsHistory history(f.registry);
  const auto t0 = Clock::time_point(std::chrono::seconds(1'700'000'000));
  f.initiated.Increment(100);          // before the first sample: not a rate
  f.duration.Observe(0.9);             // nor a latency of the first interval
  history.Sample(t0);

  f.initiated.Increment(40);
  f.inbound.Add({{"status", "ACSC"}}).Increment(10);
  f.completed.Increment(25);
  for (int i = 0; i < 100; ++i) f.duration.Observe(i < 95 ? 0.02 : 0.3);  // p95 inside (0.01, 0.05]
  f.pool.Add({{"state", "in_use"}}).Set(3);
  f.pool.Add({{"state", "idle"}}).Set(7);
  f.outbox.Add({{"link", "a"}}).Set(4);
  f.outbox.Add({{"link", "b"}}).Set(6);
  history.Sample(t0 + std::chrono::seconds(5));

  const auto j = history.Since(0);
  REQUIRE(j["t"].size() == 2);
  CHECK(j["interval_seconds"] == 5);
  CHECK(j["window_seconds"] == 3600);
  CHECK(j["in_per_s"][0].is_null());  // nothing to compare the first sample with
  CHECK(j["in_per_s"][1].get<double>() == Approx(10.0));  // (40 + 10) / 5 s
  CHECK(j["completed_per_s"][1].get<double>() == Approx(5.0));
  const double p95 = j["p95_ms"][1].get<double>();
  CHECK(p95 > 10.0);
  CHECK(p95 <= 50.0);  // the 0.9 s observation before the interval does not count
  CHECK(j["pool_in_use"][1] == 3.0);
  CHECK(j["outbox"][1] == 10.0);

  SECTION("an interval without observations has no p95, and rates of zero") {
    history.Sample(t0 + std::chrono::seconds(10));
    const auto k = history.Since(1'700'000'005.0);
    REQUIRE(k["t"].size() == 1);
    CHECK(k["t"][0] == 1'700'000'010.0);
    CHECK(k["p95_ms"][0].is_null());
    CHECK(k["in_per_s"][0] == 0.0);
  }
}

TEST_CASE("MetricsHistory keeps one window of points", "[admin][metrics]") {
  Figures f;
  admin::MetricsHistory history(f.registry, {std::chrono::seconds(5), std::chrono::seconds(60)});
  const auto t0 = Clock::time_point(std::chrono::seconds(1'700'000'000));
  for (int i = 0; i < 30; ++i) history.Sample(t0 + std::chrono::seconds(5 * i));
  const auto j = history.Since(0);
  REQUIRE(j["t"].size() == 12);  // 60 s / 5 s
  CHECK(j["t"][0] == 1'700'000'000.0 + 5 * 18);
  CHECK(j["t"][11] == 1'700'000'000.0 + 5 * 29);
}

TEST_CASE("MetricsHistory samples on its own thread and stops promptly", "[admin][metrics]") {
  Figures f;
  admin::MetricsHistory history(f.registry, {std::chrono::seconds(1), std::chrono::seconds(60)});
  history.Start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (history.Since(0)["t"].size() < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(history.Since(0)["t"].size() >= 2);
  const auto stop_started = std::chrono::steady_clock::now();
  history.Stop();
  CHECK(std::chrono::steady_clock::now() - stop_started < std::chrono::seconds(1));
}

TEST_CASE("QuantileBetween interpolates within the bucket and ignores what came before", "[admin][metrics]") {
  const double inf = std::numeric_limits<double>::infinity();
  using B = std::vector<std::pair<double, std::uint64_t>>;
  CHECK_FALSE(admin::QuantileBetween(B{}, B{}, 0.95).has_value());
  CHECK_FALSE(admin::QuantileBetween(B{{0.1, 5}, {inf, 5}}, B{{0.1, 5}, {inf, 5}}, 0.95).has_value());
  // 10 new observations, all in (0.1, 0.2]: the median is half-way.
  CHECK(*admin::QuantileBetween(B{{0.1, 3}, {0.2, 3}, {inf, 3}}, B{{0.1, 3}, {0.2, 13}, {inf, 13}}, 0.5) ==
        Approx(0.15));
  // Beyond the last finite bound: that bound, as Prometheus answers.
  CHECK(*admin::QuantileBetween(B{}, B{{0.1, 0}, {0.2, 0}, {inf, 4}}, 0.95) == Approx(0.2));
}
