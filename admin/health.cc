#include "admin/health.h"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

#include "core/clock.h"
#include "core/pg/pool.h"

namespace gw::admin {

HealthMonitor::HealthMonitor(std::string database_url, std::chrono::milliseconds interval,
                             int connect_timeout_seconds, const pg::PgPool* pool)
    : url_(std::move(database_url)), interval_(interval),
      connect_timeout_seconds_(connect_timeout_seconds), pool_(pool) {}

HealthMonitor::~HealthMonitor() { Stop(); }

void HealthMonitor::Start() {
  thread_ = std::thread([this] { ProbeLoop(); });
}

void HealthMonitor::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void HealthMonitor::AddCheck(std::string name, bool critical, std::function<ComponentHealth()> check) {
  std::lock_guard lock(mu_);
  checks_.push_back(Check{std::move(name), critical, std::move(check)});
}

void HealthMonitor::ProbeLoop() {
  std::unique_ptr<pqxx::connection> conn;
  bool was_up = true;  // so the first failure is logged
  while (!stop_) {
    const auto started = std::chrono::steady_clock::now();
    std::string error;
    try {
      if (!conn || !conn->is_open()) {
        auto c = pg::Connect(url_, connect_timeout_seconds_, "gatewayd-health");
        if (!c.ok()) throw std::runtime_error(c.status().message());
        conn = std::move(c).value();
      }
      pqxx::nontransaction n(*conn);
      n.exec("SET statement_timeout = " + std::to_string(connect_timeout_seconds_ * 1000));
      n.exec1("SELECT 1");
    } catch (const std::exception& e) {
      error = e.what();
      conn.reset();
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    {
      std::lock_guard lock(mu_);
      db_error_ = error;
      db_latency_ms_ = ms;
      db_checked_at_ = FormatIso8601Utc(std::chrono::system_clock::now());
    }
    const bool up = error.empty();
    db_up_ = up;
    if (up != was_up) {
      if (up) {
        spdlog::info("database reachable again");
      } else {
        spdlog::error("database unreachable: {}", error);
      }
      was_up = up;
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, interval_, [this] { return stop_.load(); });
  }
}

std::pair<int, nlohmann::json> HealthMonitor::Report(bool detailed) const {
  nlohmann::json components = nlohmann::json::object();
  bool down = false;
  bool degraded = false;
  std::vector<Check> checks;
  {
    std::lock_guard lock(mu_);
    nlohmann::json db = {{"status", db_up_ ? "up" : "down"},
                         {"latency_ms", db_latency_ms_},
                         {"checked_at", db_checked_at_}};
    if (!db_up_) db["error"] = db_error_.empty() ? "not checked yet" : (detailed ? db_error_ : "unreachable");
    if (pool_ != nullptr) {
      const auto s = pool_->Stats();
      db["pool"] = {{"size", s.size}, {"open", s.open}, {"in_use", s.in_use}, {"idle", s.idle}, {"waiting", s.waiting}};
    }
    components["database"] = db;
    down = !db_up_;
    checks = checks_;
  }
  for (const auto& c : checks) {
    ComponentHealth h;
    try {
      h = c.fn();
    } catch (const std::exception& e) {
      h.status = "down";
      h.details["error"] = e.what();
    }
    nlohmann::json entry = h.details;
    entry["status"] = h.status;
    components[c.name] = entry;
    if (h.status == "down" && c.critical) down = true;
    if (h.status == "degraded" || (h.status == "down" && !c.critical)) degraded = true;
  }
  const std::string overall = down ? "down" : (degraded ? "degraded" : "ok");
  nlohmann::json body = {{"status", overall},
                         {"timestamp", FormatIso8601Utc(std::chrono::system_clock::now())},
                         {"components", components}};
  return {down ? 503 : 200, body};
}

}  // namespace gw::admin
