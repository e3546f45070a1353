// File: admin/system_routes.h
// The operational endpoints of the runbook: GET /health, GET /metrics and
// GET /api-docs (the OpenAPI description in schemas/api/openapi.json).
#pragma once

#include "admin/health.h"
#include "admin/http.h"
#include "admin/metrics.h"

namespace gw::admin {

// `health` and `metrics` must outlive the router.
void AddSystemRoutes(Router& router, const HealthMonitor& health, const Metrics& metrics, std::string openapi_json);

}  // namespace gw::admin
