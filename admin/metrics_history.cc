#include "admin/metrics_history.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <prometheus/registry.h>

namespace gw::admin {

using nlohmann::json;

namespace {

double Seconds(std::chrono::system_clock::time_point at) {
  return std::chrono::duration<double>(at.time_since_epoch()).count();
}

}  // namespace

std::optional<double> QuantileBetween(const std::vector<std::pair<double, std::uint64_t>>& before,
                                      const std::vector<std::pair<double, std::uint64_t>>& after, double q) {
  std::map<double, double> counts;  // upper bound -> observations in between, cumulative
  for (const auto& [le, n] : after) counts[le] += static_cast<double>(n);
  for (const auto& [le, n] : before) counts[le] -= static_cast<double>(n);
  if (counts.empty()) return std::nullopt;
  const double total = counts.rbegin()->second;
  if (!(total > 0)) return std::nullopt;
  const double rank = q * total;
  double lower = 0, below = 0;
  for (const auto& [le, count] : counts) {
    if (count >= rank) {
      if (std::isinf(le)) return lower;  // beyond the last finite bound: its lower edge, as Prometheus
      const double in_bucket = count - below;
      return in_bucket > 0 ? lower + (le - lower) * ((rank - below) / in_bucket) : le;
    }
    lower = le;
    below = count;
  }
  return lower;
}

MetricsHistory::MetricsHistory(prometheus::Registry& registry, MetricsHistoryOptions options)
    : registry_(registry),
      options_(options),
      capacity_(static_cast<std::size_t>(std::max<long long>(1, options.window.count() / std::max<long long>(1, options.interval.count())))) {}

MetricsHistory::~MetricsHistory() { Stop(); }

void MetricsHistory::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    std::unique_lock lock(run_mu_);
    auto next = std::chrono::steady_clock::now();
    while (!stopping_) {
      lock.unlock();
      Sample();
      lock.lock();
      next += options_.interval;
      run_cv_.wait_until(lock, next, [this] { return stopping_; });
    }
  });
}

void MetricsHistory::Stop() {
  {
    std::lock_guard lock(run_mu_);
    stopping_ = true;
  }
  run_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

MetricsHistory::Reading MetricsHistory::Read() const {
  Reading r;
  std::map<double, std::uint64_t> buckets;
  for (const auto& family : registry_.Collect()) {
    const std::string& name = family.name;
    for (const auto& m : family.metric) {
      if (name == "payments_initiated_total" || name == "payments_inbound_total") {
        r.accepted += m.counter.value;
      } else if (name == "payments_completed_total") {
        r.completed += m.counter.value;
      } else if (name == "payment_processing_duration_seconds") {
        for (const auto& b : m.histogram.bucket) buckets[b.upper_bound] += b.cumulative_count;
      } else if (name == "db_pool_connections") {
        for (const auto& l : m.label)
          if (l.name == "state" && l.value == "in_use") r.pool_in_use += m.gauge.value;
      } else if (name == "tls_outbox_depth") {
        r.outbox += m.gauge.value;
      }
    }
  }
  r.buckets.assign(buckets.begin(), buckets.end());
  return r;
}

void MetricsHistory::Sample(std::chrono::system_clock::time_point at) {
  Reading now = Read();
  const double t = Seconds(at);
  std::lock_guard lock(mu_);
  Point p{t, std::nullopt, std::nullopt, std::nullopt, now.pool_in_use, now.outbox};
  if (previous_ && t > previous_->first) {
    const double dt = t - previous_->first;
    const Reading& before = previous_->second;
    // A counter only goes down when the process restarts; this one cannot, so
    // clamp at zero rather than show a negative rate.
    p.in_per_s = std::max(0.0, (now.accepted - before.accepted) / dt);
    p.completed_per_s = std::max(0.0, (now.completed - before.completed) / dt);
    if (auto q = QuantileBetween(before.buckets, now.buckets, 0.95)) p.p95_ms = *q * 1000.0;
  }
  previous_ = {t, std::move(now)};
  points_.push_back(p);
  while (points_.size() > capacity_) points_.pop_front();
}

json MetricsHistory::Since(double since) const {
  json t = json::array(), in = json::array(), completed = json::array(), p95 = json::array(), pool = json::array(),
       outbox = json::array();
  auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  {
    std::lock_guard lock(mu_);
    for (const auto& p : points_) {
      if (!(p.t > since)) continue;
      t.push_back(p.t);
      in.push_back(opt(p.in_per_s));
      completed.push_back(opt(p.completed_per_s));
      p95.push_back(opt(p.p95_ms));
      pool.push_back(p.pool_in_use);
      outbox.push_back(p.outbox);
    }
  }
  return json{{"interval_seconds", options_.interval.count()},
              {"window_seconds", options_.window.count()},
              {"t", std::move(t)},
              {"in_per_s", std::move(in)},
              {"completed_per_s", std::move(completed)},
              {"p95_ms", std::move(p95)},
              {"pool_in_use", std::move(pool)},
              {"outbox", std::move(outbox)}};
}

}  // namespace gw::admin
