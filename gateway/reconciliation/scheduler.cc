// File: gateway/reconciliation/scheduler.cc
//
// The scheduled run after each link's cut-off and the metrics. Every gatewayd
// runs a scheduler; the run of a day and link is claimed by inserting its
// scheduled row (recon_runs_scheduled_once) under an advisory lock, so it
// happens once whatever their number.
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <ctime>
#include <mutex>
#include <set>
#include <thread>

#include <pqxx/pqxx>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "gateway/reconciliation/reconciliation.h"

namespace gw::reconciliation {

struct Scheduler::Impl {
  pg::PgPool& pool;
  SchedulerOptions options;
  prometheus::Family<prometheus::Gauge>* unmatched = nullptr;
  prometheus::Gauge* last_run = nullptr;
  prometheus::Gauge* cases_open = nullptr;
  std::set<std::pair<std::string, std::string>> seen_labels;  // (link, reason) exported so far
  std::set<std::pair<std::string, std::string>> done;         // (date, link) run or seen run
  std::mutex mu;
  std::condition_variable cv;
  bool stop = false;
  std::thread thread;

  Impl(pg::PgPool& p, SchedulerOptions o) : pool(p), options(std::move(o)) {}

  // The latest business date whose cut-off (plus the delay) has passed.
  static std::string DueDate(std::chrono::system_clock::time_point now, int cutoff_minutes,
                             std::chrono::seconds delay) {
    const auto t = std::chrono::system_clock::to_time_t(now - delay - std::chrono::minutes(cutoff_minutes));
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[11];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
  }

  Status RunDue() {
    std::vector<std::string> links;
    GW_RETURN_IF_ERROR(pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
      links.clear();
      for (const auto& r : txn.exec("SELECT DISTINCT counterparty FROM ledger_accounts WHERE kind = 'settlement' "
                                    "AND counterparty IS NOT NULL ORDER BY 1"))
        links.push_back(r[0].c_str());
      return Status::Ok();
    }));
    const auto now = std::chrono::system_clock::now();
    for (const auto& link : links) {
      int cutoff = options.default_cutoff_minutes;
      if (auto c = options.cutoff_minutes.find(link); c != options.cutoff_minutes.end()) cutoff = c->second;
      const std::string date = DueDate(now, cutoff, options.delay_after_cutoff);
      if (done.count({date, link})) continue;
      bool exists = false;
      GW_RETURN_IF_ERROR(pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
        exists = !txn.exec_params("SELECT 1 FROM recon_runs WHERE business_date = $1::date AND link_name = $2 "
                                  "AND kind = 'scheduled'",
                                  date, link)
                      .empty();
        return Status::Ok();
      }));
      if (!exists) {
        RunOptions run;
        run.date = date;
        run.links = {LinkCutoff{link, cutoff}};
        run.tolerance = options.tolerance;
        run.actor = "system:reconciliation";
        run.scheduled = true;
        auto r = RunDay(pool, run);
        if (!r.ok()) return r.status().WithContext("scheduled reconciliation of " + date + " for " + link);
        if (!r->empty() && r->front().skipped)
          spdlog::info("reconciliation: the scheduled run of {} for {} was made by another gatewayd", date, link);
      }
      done.insert({date, link});
    }
    return Status::Ok();
  }

  Status RefreshMetrics() {
    std::vector<std::tuple<std::string, std::string, int64_t>> counts;
    double last = 0;
    int64_t open = 0;
    GW_RETURN_IF_ERROR(pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
      counts.clear();
      for (const auto& r : txn.exec("SELECT link_name, reason, count(*) FROM recon_items "
                                    "WHERE status = 'UNMATCHED' AND resolution IS NULL GROUP BY 1, 2"))
        counts.emplace_back(r[0].c_str(), r[1].c_str(), r[2].as<int64_t>());
      auto l = txn.exec("SELECT coalesce(extract(epoch FROM max(finished_at)), 0)::float8 FROM recon_runs");
      last = l[0][0].as<double>();
      open = txn.exec("SELECT count(*) FROM exception_cases WHERE status <> 'RESOLVED'")[0][0].as<int64_t>();
      return Status::Ok();
    }));
    std::set<std::pair<std::string, std::string>> now_seen;
    for (const auto& [link, reason, n] : counts) {
      unmatched->Add({{"link", link}, {"reason", reason}}).Set(static_cast<double>(n));
      now_seen.insert({link, reason});
    }
    for (const auto& key : seen_labels)
      if (!now_seen.count(key)) unmatched->Add({{"link", key.first}, {"reason", key.second}}).Set(0);
    seen_labels.insert(now_seen.begin(), now_seen.end());
    last_run->Set(last);
    cases_open->Set(static_cast<double>(open));
    return Status::Ok();
  }
};

Scheduler::Scheduler(pg::PgPool& pool, SchedulerOptions options, prometheus::Registry& registry)
    : impl_(std::make_unique<Impl>(pool, std::move(options))) {
  impl_->unmatched = &prometheus::BuildGauge()
                          .Name("reconciliation_unmatched_items")
                          .Help("Open unmatched reconciliation items (all days) by link and reason")
                          .Register(registry);
  impl_->last_run = &prometheus::BuildGauge()
                         .Name("reconciliation_last_run_timestamp_seconds")
                         .Help("When the latest reconciliation run finished (any gatewayd), Unix time")
                         .Register(registry)
                         .Add({});
  impl_->cases_open = &prometheus::BuildGauge()
                           .Name("exception_cases_open")
                           .Help("Exception cases not resolved (open or waiting for a second operator)")
                           .Register(registry)
                           .Add({});
}

Scheduler::~Scheduler() { Stop(); }

Status Scheduler::Tick() {
  Status first;
  if (impl_->options.enabled) {
    if (Status s = impl_->RunDue(); !s.ok()) first = s;
  }
  Status synced = pg::InTransaction(impl_->pool, [&](pqxx::dbtransaction& txn) -> Status {
    auto n = SyncPaymentExceptionCases(txn);
    return n.ok() ? Status::Ok() : n.status();
  });
  if (first.ok() && !synced.ok()) first = synced;
  if (Status s = impl_->RefreshMetrics(); first.ok() && !s.ok()) first = s;
  return first;
}

void Scheduler::Start() {
  impl_->thread = std::thread([this] {
    std::unique_lock<std::mutex> lock(impl_->mu);
    while (!impl_->stop) {
      lock.unlock();
      if (Status s = Tick(); !s.ok()) spdlog::warn("reconciliation: {}", s.ToString());
      lock.lock();
      impl_->cv.wait_for(lock, impl_->options.interval, [this] { return impl_->stop; });
    }
  });
}

void Scheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stop = true;
  }
  impl_->cv.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace gw::reconciliation
