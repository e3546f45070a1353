// File: admin/system_routes.h
// The operational endpoints of the runbook: GET /health, GET /metrics and
// GET /api-docs/openapi.json (the OpenAPI description in schemas/api/openapi.json;
// admin/console_routes.h serves it rendered at /api-docs).
//
// /health answers without a token; the database's error text is shown only to a
// caller with a valid bearer token (any role), see HealthMonitor::Report.
#pragma once

#include "admin/auth.h"
#include "admin/health.h"
#include "admin/http.h"
#include "admin/metrics.h"

namespace gw::admin {

// `health`, `metrics` and `auth` must outlive the router.
void AddSystemRoutes(Router& router, const HealthMonitor& health, const Metrics& metrics, Authenticator& auth,
                     std::string openapi_json);

}  // namespace gw::admin
