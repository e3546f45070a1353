// File: admin/system_routes.h
// The operational endpoints of the runbook: GET /health, GET /metrics and
// GET /api-docs/openapi.json (the OpenAPI description in schemas/api/openapi.json;
// admin/console_routes.h serves it rendered at /api-docs), and the dashboard's
// last hour, GET /api/v1/metrics/history?since=T (any role; admin/metrics_history.h).
//
// /health answers without a token; the database's error text is shown only to a
// caller with a valid bearer token (any role), see HealthMonitor::Report.
#pragma once

#include "admin/auth.h"
#include "admin/health.h"
#include "admin/http.h"
#include "admin/metrics.h"
#include "admin/metrics_history.h"

namespace gw::admin {

// `health`, `metrics` and `auth` must outlive the router.
// `history` may be null (the history route then answers 503).
void AddSystemRoutes(Router& router, const HealthMonitor& health, const Metrics& metrics, Authenticator& auth,
                     std::string openapi_json, const MetricsHistory* history = nullptr);

}  // namespace gw::admin
