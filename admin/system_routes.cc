#include "admin/system_routes.h"

namespace gw::admin {

void AddSystemRoutes(Router& router, const HealthMonitor& health, const Metrics& metrics, Authenticator& auth,
                     std::string openapi_json) {
  router.Add("GET", "/api-docs/openapi.json", [doc = std::move(openapi_json)](const HttpRequest&) { return HttpResponse::Json(200, doc); });
  router.Add("GET", "/health", [&health, &auth](const HttpRequest& req) {
    // Only a request that carries a token pays for checking it (with the
    // database down, an uncached token cannot be checked: no detail then).
    const bool detailed = !BearerToken(req).empty() && auth.Authenticate(req).ok();
    auto [status, body] = health.Report(detailed);
    return HttpResponse::Json(status, body.dump());
  });
  router.Add("GET", "/metrics", [&metrics](const HttpRequest&) {
    return HttpResponse::Text(200, metrics.Scrape(), "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace gw::admin
