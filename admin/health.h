// File: admin/health.h
//
// What /health reports. The database is probed by a background thread on its own
// connection (so a busy pool does not read as a dead database) every interval;
// other components (links, sessions) register checks that run at each request.
// A component is "up", "degraded" (works, but an operator should look: e.g. a
// certificate expiring within 30 days) or "down". Overall: "down" if any
// critical component is down (HTTP 503), else "degraded" if any is degraded,
// else "ok" (both 200).
//
// Thread safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace gw::pg {
class PgPool;
}

namespace gw::admin {

struct ComponentHealth {
  std::string status = "up";  // up | degraded | down
  nlohmann::json details = nlohmann::json::object();
};

class HealthMonitor {
 public:
  // Probes `database_url` every `interval` with `connect_timeout_seconds`. `pool`
  // (may be null) adds its statistics to the database entry.
  HealthMonitor(std::string database_url, std::chrono::milliseconds interval,
                int connect_timeout_seconds, const pg::PgPool* pool);
  ~HealthMonitor();

  void Start();
  void Stop();

  // `critical` components make the service unhealthy (503) when down.
  void AddCheck(std::string name, bool critical, std::function<ComponentHealth()> check);

  // {"status": "...", "components": {...}, "timestamp": ...} and the HTTP status.
  // Without `detailed`, a database that is down reads "unreachable", not the
  // driver's error text (which can name hosts, ports, roles and databases):
  // that is for authenticated callers and the log.
  std::pair<int, nlohmann::json> Report(bool detailed = true) const;

  bool database_up() const { return db_up_.load(); }

 private:
  void ProbeLoop();

  std::string url_;
  std::chrono::milliseconds interval_;
  int connect_timeout_seconds_;
  const pg::PgPool* pool_;
  std::atomic<bool> db_up_{false};
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string db_error_;                                  // GUARDED_BY(mu_)
  double db_latency_ms_ = 0;                              // GUARDED_BY(mu_)
  std::string db_checked_at_;                             // GUARDED_BY(mu_)
  struct Check {
    std::string name;
    bool critical;
    std::function<ComponentHealth()> fn;
  };
  std::vector<Check> checks_;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace gw::admin
