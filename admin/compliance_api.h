// File: admin/compliance_api.h
// The compliance officers' API under /api/v1/compliance: the hold queue, the
// release rules for known false positives (four eyes), the lists in force and
// each payment's screening record, and the ad-hoc search of a name. Roles:
// compliance acts; auditor and admin read (and search).
#pragma once

#include <nlohmann/json.hpp>

#include "admin/auth.h"
#include "admin/http.h"
#include "core/pg/pool.h"
#include "gateway/compliance/screening_search.h"

namespace pqxx {
class dbtransaction;
}

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

// An ad-hoc search (POST /api/v1/compliance/screen, `gatewayctl sanctions screen`):
// screens `query` against `index` (null: no list in force, no hits), reads each hit's
// listed entry in `txn` to set the query's country and date of birth against it, and
// audits the search as a read of sensitive data (action compliance.screen) in `txn`.
// Returns {"query", "lists_key", "hits": [explanation as for a held payment, with
// "entry" (type, countries, dates of birth, programmes), "country_check",
// "date_of_birth_check"], "screened": true|false}.
StatusOr<nlohmann::json> RunScreeningSearch(pqxx::dbtransaction& txn, const compliance::ScreeningIndex* index,
                                            const std::string& lists_key, const compliance::SearchQuery& query,
                                            const std::string& actor, const std::string& source_address);

}  // namespace gw::admin
