#include "admin/system_routes.h"

namespace gw::admin {

void AddSystemRoutes(Router& router, const HealthMonitor& health, const Metrics& metrics, std::string openapi_json) {
  router.Add("GET", "/api-docs", [doc = std::move(openapi_json)](const HttpRequest&) { return HttpResponse::Json(200, doc); });
  router.Add("GET", "/health", [&health](const HttpRequest&) {
    auto [status, body] = health.Report();
    return HttpResponse::Json(status, body.dump());
  });
  router.Add("GET", "/metrics", [&metrics](const HttpRequest&) {
    return HttpResponse::Text(200, metrics.Scrape(), "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace gw::admin
