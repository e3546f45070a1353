// File: admin/compliance_api.h
// The compliance officers' API under /api/v1/compliance: the hold queue, the
// release rules for known false positives (four eyes), the lists in force and
// each payment's screening record. Roles: compliance acts; auditor and admin read.
#pragma once

#include "admin/auth.h"
#include "admin/http.h"
#include "core/pg/pool.h"

namespace gw::gateway {
class ComplianceService;
class Pipeline;
}  // namespace gw::gateway

namespace gw::admin {

struct ComplianceApiContext {
  pg::PgPool& pool;
  Authenticator& auth;
  gateway::Pipeline& pipeline;
  gateway::ComplianceService& compliance;
};

// `context` must outlive the router.
void AddComplianceRoutes(Router& router, ComplianceApiContext& context);

}  // namespace gw::admin
