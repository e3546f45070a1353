// File: admin/metrics.h
//
// The process-wide Prometheus registry and the metrics the admin server owns:
// http_request_duration_seconds{method,route,status_code} and the standard
// process_* metrics (CPU seconds, resident and virtual memory, open and max file
// descriptors, start time, threads), read from /proc at each scrape.
//
// Thread safety: all methods are thread-safe (prometheus-cpp metrics are).
#pragma once

#include <memory>
#include <string>

namespace prometheus {
class Registry;
class Collectable;
}  // namespace prometheus

namespace gw::admin {

class Metrics {
 public:
  Metrics();
  ~Metrics();

  prometheus::Registry& registry() { return *registry_; }

  void ObserveHttpRequest(const std::string& method, const std::string& route, int status,
                          double seconds);

  // The Prometheus text exposition of every registered metric.
  std::string Scrape() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<prometheus::Collectable> process_;
  struct Http;
  std::unique_ptr<Http> http_;
};

}  // namespace gw::admin
