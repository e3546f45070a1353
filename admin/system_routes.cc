#include "admin/system_routes.h"

#include <charconv>
#include <cmath>

#include "admin/api_support.h"

namespace gw::admin {

void AddSystemRoutes(Router& router, const HealthMonitor& health, const Metrics& metrics, Authenticator& auth,
                     std::string openapi_json, const MetricsHistory* history) {
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
  router.Add("GET", "/api/v1/metrics/history", Protect(auth, kAllRoles, [history](const HttpRequest& req, const Principal&) {
               double since = 0;
               if (auto s = req.Query("since")) {
                 const char* end = s->data() + s->size();
                 auto [ptr, ec] = std::from_chars(s->data(), end, since);
                 if (ec != std::errc() || ptr != end || !std::isfinite(since) || since < 0)
                   return HttpResponse::Error(400, "invalid_argument",
                                              "since: expected a time in unix seconds (a number >= 0), got '" +
                                                  s->substr(0, 40) + "'");
               }
               if (!history) return HttpResponse::Error(503, "unavailable", "the metrics history is not kept by this process");
               return HttpResponse::Json(200, history->Since(since).dump());
             }));
}

}  // namespace gw::admin
