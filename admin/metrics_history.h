// File: admin/metrics_history.h
//
// The last hour of the dashboard's figures, sampled by gatewayd itself so that a
// console opened now shows an hour of history, not only what happened since the
// page was loaded. Every `interval` one sample is taken from the process's
// Prometheus registry (the same numbers /metrics exposes) and kept in a ring of
// window / interval points:
//
//   in_per_s         payments accepted per second (payments_initiated_total +
//                    payments_inbound_total, difference over the interval)
//   completed_per_s  payments completed per second (payments_completed_total)
//   p95_ms           p95 of payment_processing_duration_seconds over the
//                    interval's observations (null when there were none)
//   pool_in_use      db_pool_connections{state="in_use"}
//   outbox           tls_outbox_depth summed over every link
//
// The figures are this process's: with several gatewayd nodes on one database,
// each console shows the node it talks to, as /metrics does.
//
// Served at GET /api/v1/metrics/history?since=T (admin/system_routes.h).
// Thread safety: Start/Stop from one thread; Sample and Since from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

namespace prometheus {
class Registry;
}

namespace gw::admin {

struct MetricsHistoryOptions {
  std::chrono::seconds interval{5};
  std::chrono::seconds window{3600};
};

class MetricsHistory {
 public:
  // `registry` must outlive this object.
  MetricsHistory(prometheus::Registry& registry, MetricsHistoryOptions options = {});
  ~MetricsHistory();
  MetricsHistory(const MetricsHistory&) = delete;
  MetricsHistory& operator=(const MetricsHistory&) = delete;

  // Samples every interval on a thread of its own until Stop().
  void Start();
  void Stop();

  // Takes one sample now, stamped with `at` (what the thread does every interval).
  void Sample(std::chrono::system_clock::time_point at = std::chrono::system_clock::now());

  // The points later than `since` (unix seconds), oldest first, as columns:
  // {"interval_seconds", "window_seconds", "t": [...], "in_per_s": [...], ...}.
  nlohmann::json Since(double since) const;

 private:
  // Cumulative values read from the registry at one instant.
  struct Reading {
    double accepted = 0, completed = 0;
    std::vector<std::pair<double, std::uint64_t>> buckets;  // upper bound, cumulative count
    double pool_in_use = 0, outbox = 0;
  };
  struct Point {
    double t;
    std::optional<double> in_per_s, completed_per_s, p95_ms;
    double pool_in_use, outbox;
  };
  Reading Read() const;

  prometheus::Registry& registry_;
  MetricsHistoryOptions options_;
  std::size_t capacity_;

  mutable std::mutex mu_;
  std::deque<Point> points_;
  std::optional<std::pair<double, Reading>> previous_;

  std::mutex run_mu_;
  std::condition_variable run_cv_;
  bool stopping_ = false;
  std::thread thread_;
};

// The q-quantile (0 < q < 1) of the observations between two readings of a
// histogram's cumulative buckets (sorted by upper bound, +Inf last),
// interpolated within the bucket as Prometheus' histogram_quantile does; nullopt
// when nothing was observed in between.
std::optional<double> QuantileBetween(const std::vector<std::pair<double, std::uint64_t>>& before,
                                      const std::vector<std::pair<double, std::uint64_t>>& after, double q);

}  // namespace gw::admin
