// File: admin/reconciliation_api.h
//
// Reconciliation and the exception queue in the REST API:
//   GET  /api/v1/payments/reconciliation/daily?date=D[&link=L][&format=csv][&items=all]
//   GET  /api/v1/payments/reconciliation/aging?days=N[&link=L]
//   POST /api/v1/payments/reconciliation/statements      camt.053 / camt.054 XML body
//   POST /api/v1/payments/reconciliation/runs?date=D[&link=L]
//   GET  /api/v1/exceptions[?status=&reason=&link=&assigned_to=&kind=&date=&limit=&before=]
//   GET  /api/v1/exceptions/{id}
//   POST /api/v1/exceptions/{id}/assign | comments | retrigger | manual-match | write-off | approve | reject
// Roles (gateway/reconciliation/README.md): admin, checker and auditor read;
// admin and checker work cases and propose; a second admin or checker (never
// the proposer) approves; admin uploads statements, runs a day and retriggers.
// Every change is audited.
#pragma once

#include <filesystem>

#include "admin/auth.h"
#include "admin/http.h"
#include "core/pg/pool.h"
#include "gateway/reconciliation/reconciliation.h"

namespace gw::admin {

struct ReconciliationApiContext {
  pg::PgPool& pool;
  Authenticator& auth;
  std::filesystem::path schema_dir;          // camt.053 / camt.054 XSDs
  reconciliation::RunOptions run_defaults;   // cut-offs and tolerances
};

// `context` must outlive the router.
void AddReconciliationRoutes(Router& router, ReconciliationApiContext& context);

}  // namespace gw::admin
